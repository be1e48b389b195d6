## Errors of the HTTP layer and the two service clients.

http-unreachable = { $service } could not be reached ({ $method } { $path }: { $detail })
http-lost = { $service } did not answer { $method } { $path } ({ $detail }); it may have been done, the next run checks
http-status = { $service } answered { $status } to { $method } { $path }: { $body }
http-detail-timed-out = timed out
http-detail-connection-refused = connection refused
http-detail-host-not-found = host not found
http-body-empty = (no details)
http-body-html = (HTML page)

harvest-auth-expired = Harvest refused to renew the connection ({ $reason }); run `rma-harvest auth` again
harvest-decode = Harvest sent something unexpected for { $what }: { $detail }
harvest-token-rejected = Harvest did not accept the access token ({ $reason }); run `rma-harvest auth`, and check harvest.account_id
harvest-token-store = the Harvest connection could not be { $action ->
        [read] read
       *[other] saved
    }: { $detail }

rma-refused = Run my Accounts refused it: { $reason }
rma-unknown-tenant = Run my Accounts does not know the tenant "{ $tenant }" or refuses this API key access to it ({ $detail }); check rma.tenant (and that rma.api_key belongs to that tenant)
rma-decode = Run my Accounts sent something unexpected for { $what }: { $detail }
rma-customer-lookup = the look-up of customer { $number } got { $why }
