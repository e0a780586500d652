from eduportal.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Editors and specialists answer readers' comments (marked with their role).
    EDITORS: [
        "stories.view_comment",
        "stories.change_comment",
        "stories.reply_comment",
        # The helplines on the support page and in the support boxes.
        "stories.view_helpline",
        "stories.add_helpline",
        "stories.change_helpline",
        "stories.delete_helpline",
    ],
    MEDICAL_REVIEWERS: [
        "stories.view_comment",
        "stories.change_comment",
        "stories.reply_comment",
    ],
    # Moderators read the queue, decide on stories and comments (through services),
    # shorten or feature stories where the sharer allowed it, reply as staff and keep
    # the screening keyword list, and answer data requests (export or erase an
    # address's data, through services). They never add or delete stories or comments
    # by hand.
    MODERATORS: [
        "stories.view_story",
        "stories.change_story",
        "stories.moderate_story",
        "stories.view_comment",
        "stories.change_comment",
        "stories.moderate_comment",
        "stories.reply_comment",
        "stories.view_screeningkeyword",
        "stories.add_screeningkeyword",
        "stories.change_screeningkeyword",
        "stories.delete_screeningkeyword",
        "stories.view_helpline",
        "articles.view_topic",
        # Data requests from sharers and commenters: export a copy, or erase.
        "stories.view_datarequest",
        "stories.handle_data_request",
    ],
}
