## Erreurs de la couche HTTP et des deux services.

http-unreachable = { $service } est injoignable ({ $method } { $path } : { $detail })
http-lost = { $service } n'a pas répondu à { $method } { $path } ({ $detail }) ; l'opération a peut-être été faite, le prochain passage le vérifie
http-status = { $service } a répondu { $status } à { $method } { $path } : { $body }
http-detail-timed-out = délai dépassé
http-detail-connection-refused = connexion refusée
http-detail-host-not-found = serveur introuvable
http-body-empty = (sans détails)
http-body-html = (page HTML)

harvest-auth-expired = Harvest a refusé de renouveler la connexion ({ $reason }) ; exécutez à nouveau `rma-harvest auth`
harvest-decode = Harvest a envoyé une réponse inattendue pour { $what } : { $detail }
harvest-token-rejected = Harvest n'a pas accepté le jeton d'accès ({ $reason }) ; exécutez `rma-harvest auth` et vérifiez harvest.account_id
harvest-token-store = la connexion Harvest n'a pas pu être { $action ->
        [read] lue
       *[other] enregistrée
    } : { $detail }

rma-refused = Run my Accounts a refusé : { $reason }
rma-unknown-tenant = Run my Accounts ne connaît pas le mandant « { $tenant } » ou refuse à cette clé API l'accès à ce mandant ({ $detail }) ; vérifiez rma.tenant (et que rma.api_key appartient à ce mandant)
rma-decode = Run my Accounts a envoyé une réponse inattendue pour { $what } : { $detail }
rma-customer-lookup = la consultation du client { $number } a donné { $why }
