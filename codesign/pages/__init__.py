"""The site's own pages: home, about, privacy notice, code of conduct."""
