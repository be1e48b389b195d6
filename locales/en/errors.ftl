## Errors of the HTTP layer and the two service clients.

http-unreachable = { $service } could not be reached ({ $method } { $path }: { $detail })
http-lost = { $service } did not answer { $method } { $path } ({ $detail }); it may have been done, the next run checks
http-status = { $service } answered { $status } to { $method } { $path }: { $body }
http-detail-timed-out = timed out
http-detail-connection-refused = connection refused
http-detail-connection-reset = connection reset
http-detail-host-not-found = host not found
http-body-empty = (no details)
http-body-html = (HTML page)

harvest-auth-expired = Harvest refused to renew the connection ({ $reason }); run `rma-harvest auth` again
harvest-decode = Harvest sent something unexpected for { $what }: { $detail }
harvest-token-rejected = Harvest did not accept the access token ({ $reason }); run `rma-harvest auth`, and check harvest.account_id
harvest-personal-token-rejected = Harvest did not accept the personal access token ({ $reason }); check harvest.access_token (or HARVEST_ACCESS_TOKEN) and harvest.account_id
harvest-token-store = the Harvest connection could not be { $action ->
        [read] read
       *[other] saved
    }: { $detail }

rma-refused = Run my Accounts refused it: { $reason }
rma-unknown-tenant = Run my Accounts does not know the tenant "{ $tenant }" or refuses this API key access to it ({ $detail }); check rma.tenant (and that rma.api_key belongs to that tenant)
rma-decode = Run my Accounts sent something unexpected for { $what }: { $detail }
rma-customer-lookup = the look-up of customer { $number } got { $why }

## The state file (exits 5 and 6)
state-newer-schema = the state file { $path } was written by a newer rma-harvest (schema { $found }, this version knows { $known }); update rma-harvest
state-permission-denied = { $path } cannot be opened or written: permission denied ({ $reason }); the user running rma-harvest needs read and write access to the state file and to its directory (SQLite writes its -wal and -shm files beside it)
state-not-a-state-file = { $path } is not an rma-harvest state file ({ $reason }); check [state] path in the config, or move the file away so a new one is created
state-corrupt = the state file { $path } is damaged ({ $reason }); restore it from a backup
state-bad-row = state file { $path }: { $table } row { $key }: { $problem }
state-unreadable = the state file { $path } cannot be used: { $reason }
state-locked = another rma-harvest run is active (lock file { $lock } is held); try again when it has finished
state-io-not-found = a folder on its path does not exist and could not be created
state-io-not-a-folder = a part of the path is a file, not a folder; check [state] path in the config
state-io-is-a-folder = this is a folder, not a file; [state] path must name the file itself, such as state.sqlite
state-io-read-only = the disk is mounted read-only
state-io-disk-full = the disk is full

## Harvest's connection, warnings
harvest-expires-without-client = the Harvest connection expires on { $expires } and cannot be renewed without harvest.client_id and client_secret; run `rma-harvest auth`
harvest-renewal-postponed = the Harvest connection could not be renewed ({ $error }); it expires on { $expires }, run `rma-harvest auth` if this repeats
http-gave-up = { $service } was not asked { $method } { $path }: it failed { $failures } times in a row in this run, so nothing more is sent to it until the next run
http-stopped = { $service } was not asked { $method } { $path }: the run was asked to stop
harvest-payment-unproven = Harvest answered { $status } to adding a payment without the new payment, which does not prove it was added; it is checked before it counts
rma-unproven = Run my Accounts answered { $detail } to { $what }, which does not prove it was done; it is checked before it counts
