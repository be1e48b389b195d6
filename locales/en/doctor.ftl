## rma-harvest doctor: the checklist.

doctor-heading = Checking Harvest ({ $harvest }) and Run my Accounts (tenant { $tenant }); nothing is written.
doctor-summary = { $count ->
        [one] 1 check
       *[other] { $count } checks
    }: { $holds } { $holds ->
        [one] holds
       *[other] hold
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }, { $fails } { $fails ->
        [one] fails
       *[other] fail
    }, { $unknown } could not tell.
doctor-status-holds = holds
doctor-status-warning = warning
doctor-status-fails = FAILS
doctor-status-could-not-tell = could not tell
doctor-examples = { $shown } and { $more } more
doctor-service-error = { $error }
doctor-line = { $title }: { $detail }

## What is assumed
doctor-title-harvest-token = Harvest accepts the access token
doctor-title-harvest-account = The token belongs to harvest.account_url
doctor-title-harvest-permissions = The Harvest user may manage invoices and read clients and contacts
doctor-title-harvest-invoices = Harvest lists the importable invoices
doctor-title-invoice-numbers = Invoice numbers are digits only (Run my Accounts builds the payment reference of the QR-bill from them)
doctor-title-currency = Invoices are in CHF
doctor-title-rma-key = Run my Accounts accepts the API key for rma.tenant
doctor-title-rma-articles = Run my Accounts lists its articles
doctor-title-categories = Every category on an invoice still to book is an article
doctor-title-invoice-totals = Invoice list entries carry the totals the sync needs (amount, paid)
doctor-title-unknown-customer = An unknown customer number answers 404
doctor-title-unknown-invoice = An unknown invoice number answers 404
doctor-title-payment-feed = The payment feed is readable
doctor-title-payment-feed-rows = Every pending payment row has an id, an invoice number, a date and an amount
doctor-title-mail-server = The mail server answers and accepts the login ([notify.email])
doctor-title-ar-account = rma.ar_account exists in the chart of accounts

## Harvest: what was found
doctor-harvest-not-connected = Harvest is not connected
doctor-harvest-token-unchecked = the Harvest token could not be checked
doctor-harvest-account-id = account { $account }
doctor-harvest-other-account = the token belongs to { $found }, harvest.account_url is { $configured }
doctor-harvest-may-not-manage = { $user } may not manage invoices
doctor-harvest-readable = { $user } ({ $clients } clients, { $contacts } contacts readable)
doctor-harvest-unreadable = Harvest sent invoices that cannot be read: { $invoices }
doctor-harvest-to-book = { $count ->
        [one] 1 invoice
       *[other] { $count } invoices
    } still to book (state { $states })
doctor-harvest-to-book-since = { $count ->
        [one] 1 invoice
       *[other] { $count } invoices
    } still to book (state { $states }, issued on or after { $from })
doctor-no-harvest-invoices = the Harvest invoices could not be read
doctor-numbers-digits = every number is digits only
doctor-numbers-not-digits = { $count ->
        [one] 1 number is
       *[other] { $count } numbers are
    } not digits only: { $numbers }
doctor-currency-chf = every invoice still to book is in CHF
doctor-currency-foreign = { $count ->
        [one] 1 invoice
       *[other] { $count } invoices
    } in another currency: { $invoices }

## Harvest: what to do
doctor-advice-harvest-account = use a token of the configured account, or correct harvest.account_url and harvest.account_id
doctor-advice-manager = use a token of an administrator, or of a manager allowed to create and edit invoices
doctor-advice-all-clients = the user needs to see every client: an administrator, or a manager with access to all clients
doctor-advice-import-states = check the permissions above and sync.import_states
doctor-advice-correct-in-harvest = correct them in Harvest; the sync refuses each of them by name and books the others
doctor-advice-numbers = Run my Accounts cannot build the payment reference of the QR-bill for those invoices; use digit-only invoice numbers in Harvest, or set sync.invoice_number = "{"{"}id{"}"}" (Harvest's invoice id)
doctor-advice-currency = Run my Accounts needs an exchange rate for each such currency and day (Settings > Currencies)

## Run my Accounts: what was found
doctor-rma-key-unchecked = the Run my Accounts key could not be checked
doctor-rma-tenant = tenant { $tenant }
doctor-rma-no-articles = the article list is empty
doctor-rma-articles = { $count ->
        [one] 1 article
       *[other] { $count } articles
    }
doctor-category-line = invoice { $invoice } line { $line } "{ $category }"
doctor-categories-checked = { $count ->
        [one] 1 invoice
       *[other] { $count } invoices
    } checked
doctor-categories-missing = not an article: { $lines }
doctor-totals-list-refused = the invoice list was refused ({ $reason })
doctor-totals-entries = { $count ->
        [one] 1 entry
       *[other] { $count } entries
    } dated { $from } to { $to }
doctor-totals-single-has-them = list entries without amount or paid: { $invoices }; the single invoice has them
doctor-totals-missing = invoice { $invoice } has no amount or no paid total, in the list or on its own
doctor-customer-404 = customer { $customer }: 404
doctor-customer-answered = Run my Accounts answered a customer for { $customer }
doctor-invoice-404 = invoice { $invoice }: 404
doctor-invoice-answered = Run my Accounts answered an invoice for { $invoice }
doctor-feed-unread = the payment feed could not be read
doctor-feed-pending = { $count ->
        [one] 1 row
       *[other] { $count } rows
    } pending
doctor-feed-row = payment { $payment }: { $why }
doctor-feed-row-without-id = a row without an id: { $why }
doctor-feed-rows-checked = { $count ->
        [one] 1 row
       *[other] { $count } rows
    } checked
doctor-ar-default = not set: Run my Accounts books on the tenant's default
doctor-ar-found = account { $account }
doctor-ar-no-numbers = the chart of accounts lists no account numbers
doctor-ar-missing = account { $account } is not among the { $count } accounts

## Run my Accounts: what to do
doctor-advice-rma-key = check rma.api_key (or RMA_API_KEY) and rma.tenant (the Mandant, as in the Run my Accounts login)
doctor-advice-create-articles = create an article in Run my Accounts for each Harvest item category (Typ)
doctor-advice-categories = create the missing articles in Run my Accounts (article number = the Harvest category, exactly), or change the category in Harvest; `rma-harvest check-categories` lists them all
doctor-advice-one-by-one = the sync asks for each invoice on its own instead: slower, but correct
doctor-advice-totals = payments cannot be checked against the paid total in Run my Accounts; report this before running sync
doctor-advice-customers-existing = the sync would take every new customer as existing; report this before running sync
doctor-advice-customers-unknown = the sync cannot tell a new customer from an existing one; report this before running sync
doctor-advice-invoices-booked = the sync would take every invoice as already booked; report this before running sync
doctor-advice-invoices-unknown = the sync cannot tell an invoice still to book from a booked one; report this before running sync
doctor-advice-feed = the sync stops the payment phase while this fails
doctor-advice-feed-rows = such a row is never acknowledged and its payment never mirrored; correct the payment in Run my Accounts (it must be booked on an invoice)
doctor-advice-ar-account = set rma.ar_account to an existing receivables account (e.g. 1100), or remove it to use the default
