config-language-unknown = { $key } = "{ $value }": rma-harvest speaks "de" (Deutsch), "fr" (français) and "en" (English); set one of them

## Reading the file
config-not-found = no configuration file found (looked in: { $paths }); create one from examples/config.toml or pass --config
config-unreadable = { $path }: cannot read the configuration: { $reason }
config-invalid = { $path }: { $problem }
config-file-missing = the file does not exist
config-file-is-folder = this is a folder, not a file; --config (or RMA_HARVEST_CONFIG) must name the configuration file itself, such as config.toml
config-file-not-permitted = this user may not read the file; allow it (chmod) or run as the user who owns it
config-toml-syntax-at = not valid TOML at line { $line }, column { $column }: { $detail }
config-toml-syntax = not valid TOML: { $detail }
config-at-line = {" "}(line { $line }, column { $column })
config-unknown-section-near = unknown section [{ $section }]; did you mean [{ $near }]?{ $at }
config-unknown-section = unknown section [{ $section }]{ $at }
config-unknown-key-near = unknown key { $key }; did you mean { $near }?{ $at }
config-unknown-key = unknown key { $key } (known keys: { $known }){ $at }
config-wrong-type = { $key } must be { $expected }{ $at }
config-key-problem = { $key }: { $detail }{ $at }
config-problem = { $detail }{ $at }
config-expected-number = a whole number such as 50, written without quotes
config-expected-text = text in quotes, such as "open"
config-expected-boolean = true or false, written without quotes
config-expected-list = a list in square brackets, such as ["open"]
config-expected-text-or-number = text or a whole number
config-expected-section = a section such as [sync]

## Values
config-value-wrong = { $key } = "{ $value }": { $why }
config-key-missing = { $key } is missing
config-url-not-url = not a URL (it needs https://)
config-url-no-host = the URL has no host
config-url-needs-https = must use https:// (plain http is only allowed for loopback addresses such as 127.0.0.1, ::1 and localhost)
config-url-scheme = unsupported scheme "{ $scheme }" (use https://)
config-why-account-id = must be the numeric Harvest account id
config-why-tenant = must be the Mandant name (letters, digits, - _ .)
config-why-customer-number-long = too long for RMA's 32-character customer numbers
config-why-country = must be a two-letter country code like "CH"
config-why-date = not a date like "2026-01-01"
config-start-date-type = { $key } must be a date like "2026-01-01", not { $found }
config-placeholder-unclosed = has a '{"{"}' without '{"}"}'
config-placeholder-unknown = unknown placeholder { $placeholder } (allowed: { $allowed })
config-placeholder-needed = needs a placeholder ({ $allowed }) so that every number is different
config-count = { $key } must be a whole number, 0 or more
config-customers-key = sync.customers: key "{ $client }" must be a Harvest client id (digits)
config-customers-number = { $key } must be an RMA customer number (text, up to 32 characters)
config-import-draft = { $key }: "draft" is not allowed; drafts are never booked
config-import-sent = { $key }: "{ $state }" is how Harvest's screens show an invoice; the configuration calls a sent, unpaid invoice "open" (set { $key } = ["open"])
config-import-paid = { $key }: "{ $state }" is written "paid", in small letters (allowed: "open", "paid")
config-import-unknown = { $key }: unknown state "{ $state }" (allowed: "open" for sent, unpaid invoices, and "paid")
config-import-empty = { $key } is empty; use ["open"]
