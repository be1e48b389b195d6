## Commands: what to do after an error, auth, check-categories, dismiss.

advice-check-rma-key = Check rma.api_key (env RMA_API_KEY) and rma.tenant
advice-run-auth = Run `rma-harvest auth`
advice-wrong-tenant = No run reaches Run my Accounts until that is corrected
advice-next-run-continues = Everything done before is recorded; the next run continues

commands-no-rma-key = no Run my Accounts API key: set rma.api_key in the configuration or RMA_API_KEY
commands-no-harvest-account-id = { $path }: harvest.account_id is missing; a personal access token needs the account id shown next to it at id.getharvest.com/developers
commands-cannot-write = cannot write { $path }: { $detail }
commands-test-clock = { $variable } must be an RFC 3339 instant such as 2026-11-28T01:00:00Z ({ $detail })

## auth
auth-wrong-account = this Harvest access belongs to { $found }, but harvest.account_url is { $configured }; use the matching account
auth-user-may-not-manage = the Harvest user { $user } may not manage invoices; payments can only be recorded by an administrator or a manager allowed to create and edit invoices
auth-invoices-off = warning: invoices are switched off in the Harvest account { $account }
auth-connected-personal = Harvest connected: { $domain } (account { $account }) as { $user } (personal access token)
auth-connected = Harvest connected: { $domain } (account { $account }) as { $user }
auth-check-harvest-ok = Harvest: ok — { $found }
auth-check-harvest-found = { $domain } as { $user }
auth-check-harvest-failed = Harvest: FAILED — { $error }
auth-check-rma-ok = Run my Accounts: ok — { $found }
auth-check-rma-found = tenant { $tenant } ({ $count ->
        [one] 1 article
       *[other] { $count } articles
    })
auth-check-rma-failed = Run my Accounts: FAILED — { $error }
auth-warning = warning: { $warning }
auth-access-refused = access was refused in Harvest
auth-id-error = Harvest ID answered with an error: { $error } { $detail }
auth-state-mismatch = the answer did not come from this login attempt (its state does not match); run `rma-harvest auth` again
auth-no-code = the answer from Harvest ID has no authorization code
auth-redirect-not-http = the local listener needs an http:// redirect_uri on 127.0.0.1 or localhost (or use --paste)
auth-redirect-not-local = the redirect_uri host { $host } is not this computer (127.0.0.1, ::1 or localhost); use --paste
auth-redirect-port = the redirect_uri port "{ $port }" is not a number
auth-no-client = { $path }: harvest.client_id and harvest.client_secret are needed to connect Harvest (or set harvest.access_token and harvest.account_id for a personal access token)
auth-no-random = no random login state from the system: { $detail }
auth-open-address = Open this address in your browser and allow access:
auth-paste-address = Then paste the address your browser ended on (it starts with { $redirect_uri }):
auth-cannot-listen = cannot listen on { $address } for the browser's answer ({ $detail }); free the port, change harvest.redirect_uri, or use --paste
auth-waiting = Waiting for the browser on { $redirect_uri }…
auth-no-account = this Harvest login reaches no Harvest account; { $wanted } was expected
auth-account-not-reached = none of the Harvest accounts this login reaches is { $wanted } (found: { $found }); log in as a user of { $wanted } or correct harvest.account_url
auth-browser-timeout = no answer from the browser within { $seconds } s; run `rma-harvest auth` again (or use --paste)
auth-page-ok = Harvest answered. You can close this window and return to the terminal.
auth-page-not-connected = Not connected: { $reason }. See the terminal.

## check-categories
categories-column-category = Category
categories-column-article = Article in Run my Accounts
categories-column-invoices = Invoices to book
categories-missing = missing
categories-line-not-article = line { $line } category "{ $category }" is not an article in Run my Accounts
categories-invoice-refused = Invoice { $invoice } ({ $client }) would be refused: { $lines }
categories-invoice-not-counted = Harvest invoice { $invoice } not counted: { $why }
categories-create-articles = Create the missing articles in Run my Accounts (article number = category name, letter for letter), or change the category on the invoice lines in Harvest.
categories-all-articles = Every category used on an open invoice is an article in Run my Accounts.

## dismiss
dismiss-unknown-invoice = rma-harvest knows no Harvest invoice { $invoice } and has no open problem about it; `rma-harvest log` lists the open problems
