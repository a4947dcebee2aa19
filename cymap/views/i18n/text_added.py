"""ADD NEW KEYS HERE: strings still to be sorted into the module of their area.

Paste a block as it was written at the end of the old `TEXT` (headed `# --- <topic> ---`), each entry
`"key": {"zh": …, "en": …},`. A key already defined in another `text_*` module is refused at import.
"""

TEXT: dict[str, dict[str, str]] = {
    # --- <topic> ---
}
