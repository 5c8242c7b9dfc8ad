"""Tables of deliberation."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from codesign.accounts.tables import Organisation, User
from codesign.councils.tables import Council
from codesign.scenarios.tables import Amendment, Scenario


class Comment(Table, tablename="comment"):
    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    amendment = ForeignKey(Amendment, null=True, on_delete=OnDelete.cascade, index=True)
    parent_id = Integer(null=True, default=None, index=True)  # the comment this one answers
    thread_id = Integer(null=True, default=None, index=True)  # the top comment of the thread
    depth = Integer(default=0)  # 0, 1 or 2: replies nest three levels deep
    revision_number = Integer(null=True, default=None)  # a paragraph comment: the version it was written on
    block_index = Integer(null=True, default=None)  # … and the paragraph
    block_excerpt = Varchar(length=200, default="")
    author = ForeignKey(User, null=True, on_delete=OnDelete.set_null, index=True)
    shown_as = Varchar(length=20, default="name")
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null)
    intent = Varchar(length=20)  # support | concern | question | suggestion
    body = Text()
    created_at = Timestamptz(index=True)
    edited_at = Timestamptz(null=True, default=None)
    deleted_at = Timestamptz(null=True, default=None)  # removed by its author: a placeholder stays
    hidden_at = Timestamptz(null=True, default=None)  # hidden by a moderator, with a visible reason
    hidden_reason = Text(default="")
    hidden_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)


class CommentEdit(Table, tablename="comment_edit"):
    """The text a comment had before an edit, for moderators."""

    id = Serial(primary_key=True)
    comment = ForeignKey(Comment, on_delete=OnDelete.cascade, index=True)
    body = Text()
    edited_at = Timestamptz()


class Support(Table, tablename="support"):
    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz()


class Follow(Table, tablename="follow"):
    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz()


class Flag(Table, tablename="flag"):
    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, index=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    comment = ForeignKey(Comment, null=True, on_delete=OnDelete.cascade)
    reporter = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    reason = Varchar(length=30)  # spam | offensive | identifies_person | other
    note = Text(default="")
    created_at = Timestamptz(index=True)
    resolved_at = Timestamptz(null=True, default=None, index=True)
    resolved_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)


class ModerationLog(Table, tablename="moderation_log"):
    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, index=True)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=30)  # hide | restore | block | unblock | dismiss_flag | unseal
    scenario = ForeignKey(Scenario, null=True, on_delete=OnDelete.set_null)
    comment = ForeignKey(Comment, null=True, on_delete=OnDelete.set_null)
    target_user = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    reason = Text(default="")
    created_at = Timestamptz(index=True)

