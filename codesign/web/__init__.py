"""The shared web layer: templating, htmx rendering, forms, security headers and error pages. No domain knowledge."""
