from eduportal.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS

ROLE_PERMISSIONS = {
    EDITORS: [
        "articles.view_article",
        "articles.add_article",
        "articles.change_article",
        "articles.publish_article",
        "articles.view_articlerevision",
        "articles.view_statuschange",
        "articles.view_author",
        "articles.add_author",
        "articles.change_author",
        "articles.view_topic",
        "articles.add_topic",
        "articles.change_topic",
        "articles.view_reference",
        "articles.add_reference",
        "articles.change_reference",
        "articles.delete_reference",
        "articles.view_bodyimage",
        "articles.add_bodyimage",
        "articles.change_bodyimage",
        "articles.delete_bodyimage",
        "articles.view_feedback",
        "articles.change_feedback",
        "articles.view_glossaryterm",
        "articles.add_glossaryterm",
        "articles.change_glossaryterm",
        "articles.delete_glossaryterm",
        "articles.view_searchsynonym",
        "articles.add_searchsynonym",
        "articles.change_searchsynonym",
        "articles.delete_searchsynonym",
    ],
    # Reviewers read what they sign off; they do not edit articles.
    MEDICAL_REVIEWERS: [
        "articles.view_article",
        # Approving or sending back a revision is a lifecycle move (articles.lifecycle).
        "articles.review_article",
        "articles.view_articlerevision",
        "articles.view_statuschange",
        "articles.view_reference",
        "articles.view_author",
        "articles.view_topic",
        # Glossary definitions are medical meaning: reviewers read and approve them.
        "articles.view_glossaryterm",
        "articles.approve_glossaryterm",
    ],
    # Moderators see which article a comment belongs to.
    MODERATORS: ["articles.view_article"],
}
