from eduportal.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS, TRANSLATORS

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
        # Editors translate too, and mark an English change as safety-relevant.
        "articles.view_articletranslation",
        "articles.add_articletranslation",
        "articles.change_articletranslation",
        "articles.view_translationrevision",
        "articles.view_safetyrelevantchange",
        "articles.add_safetyrelevantchange",
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
        # Translations are signed off by a clinician with the language (reviews.services).
        "articles.view_articletranslation",
        "articles.view_translationrevision",
        "articles.view_safetyrelevantchange",
    ],
    # Moderators see which article a comment belongs to.
    MODERATORS: ["articles.view_article"],
    # Translators read the English text and write translations of it; they never
    # approve them, and never edit the English text.
    TRANSLATORS: [
        "articles.view_article",
        "articles.view_articlerevision",
        "articles.view_reference",
        "articles.view_topic",
        "articles.view_articletranslation",
        "articles.add_articletranslation",
        "articles.change_articletranslation",
        "articles.view_translationrevision",
        "articles.view_safetyrelevantchange",
    ],
}
