"""What `python -m cymap` prints (cymap/cli.py, cymap/shared.py).

One key, one entry {"zh": …, "en": …}; `cymap.views.i18n.TEXT` joins the tables and refuses a key
defined in two of them."""

TEXT: dict[str, dict[str, str]] = {
    # --- command-line messages (cymap/cli.py; --lang, default from the locale) ---
    "cli_error": {"zh": "错误：{error}", "en": "error: {error}"},
    "cli_validate_summary": {"zh": "读取 {rows} 行（{encoding}）：有效 {valid} 行，有问题 {bad} 行，"
                                   "共 {problems} 个问题",
                             "en": "{rows} rows read ({encoding}): {valid} valid, {bad} with problems, "
                                   "{problems} problems"},
    "cli_unreadable": {"zh": "无法读取", "en": "unreadable"},
    "cli_lang_help": {"zh": "提示语言：zh 或 en（默认按系统区域设置）",
                      "en": "language of the messages: zh or en (default from the locale)"},
}
