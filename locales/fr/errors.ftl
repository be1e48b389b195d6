## Erreurs de la couche HTTP et des deux services.

http-unreachable = { $service } est injoignable ({ $method } { $path } : { $detail })
http-lost = { $service } n'a pas répondu à { $method } { $path } ({ $detail }) ; l'opération a peut-être été faite, le prochain passage le vérifie
http-status = { $service } a répondu { $status } à { $method } { $path } : { $body }
http-detail-timed-out = délai dépassé
http-detail-connection-refused = connexion refusée
http-detail-connection-reset = connexion interrompue
http-detail-host-not-found = serveur introuvable
http-body-empty = (sans détails)
http-body-html = (page HTML)

harvest-auth-expired = Harvest a refusé de renouveler la connexion ({ $reason }) ; exécutez à nouveau `rma-harvest auth`
harvest-decode = Harvest a envoyé une réponse inattendue pour { $what } : { $detail }
harvest-token-rejected = Harvest n'a pas accepté le jeton d'accès ({ $reason }) ; exécutez `rma-harvest auth` et vérifiez harvest.account_id
harvest-personal-token-rejected = Harvest n'a pas accepté le jeton d'accès personnel ({ $reason }) ; vérifiez harvest.access_token (ou HARVEST_ACCESS_TOKEN) et harvest.account_id
harvest-token-store = la connexion Harvest n'a pas pu être { $action ->
        [read] lue
       *[other] enregistrée
    } : { $detail }

rma-refused = Run my Accounts a refusé : { $reason }
rma-unknown-tenant = Run my Accounts ne connaît pas le mandant « { $tenant } » ou refuse à cette clé API l'accès à ce mandant ({ $detail }) ; vérifiez rma.tenant (et que rma.api_key appartient à ce mandant)
rma-decode = Run my Accounts a envoyé une réponse inattendue pour { $what } : { $detail }
rma-customer-lookup = la consultation du client { $number } a donné { $why }

## Le fichier d'état (codes de sortie 5 et 6)
state-newer-schema = le fichier d'état { $path } a été écrit par une version plus récente de rma-harvest (schéma { $found }, cette version connaît { $known }) ; mettez rma-harvest à jour
state-permission-denied = { $path } ne peut être ni ouvert ni écrit : accès refusé ({ $reason }) ; l'utilisateur qui exécute rma-harvest doit pouvoir lire et écrire le fichier d'état et son dossier (SQLite écrit ses fichiers -wal et -shm à côté)
state-not-a-state-file = { $path } n'est pas un fichier d'état de rma-harvest ({ $reason }) ; vérifiez [state] path dans la configuration, ou déplacez le fichier pour qu'un nouveau soit créé
state-corrupt = le fichier d'état { $path } est endommagé ({ $reason }) ; restaurez-le depuis une sauvegarde
state-bad-row = fichier d'état { $path } : table { $table }, ligne { $key } : { $problem }
state-unreadable = le fichier d'état { $path } ne peut pas être utilisé : { $reason }
state-locked = un autre passage de rma-harvest est en cours (le fichier de verrou { $lock } est pris) ; réessayez quand il sera terminé
state-io-not-found = un dossier de son chemin n'existe pas et n'a pas pu être créé
state-io-not-a-folder = une partie du chemin est un fichier, pas un dossier ; vérifiez [state] path dans la configuration
state-io-is-a-folder = c'est un dossier, pas un fichier ; [state] path doit désigner le fichier lui-même, par exemple state.sqlite
state-io-read-only = le disque est monté en lecture seule
state-io-disk-full = le disque est plein

## La connexion Harvest, avertissements
harvest-expires-without-client = la connexion Harvest expire le { $expires } et ne peut pas être renouvelée sans harvest.client_id et client_secret ; exécutez `rma-harvest auth`
harvest-renewal-postponed = la connexion Harvest n'a pas pu être renouvelée ({ $error }) ; elle expire le { $expires }, exécutez `rma-harvest auth` si cela se répète
http-gave-up = { $service } n'a pas été interrogé pour { $method } { $path } : le service a échoué { $failures } fois de suite pendant ce passage, rien ne lui est plus envoyé avant le prochain passage
http-stopped = { $service } n'a pas été interrogé pour { $method } { $path } : le passage a été arrêté
harvest-payment-unproven = Harvest a répondu { $status } à l'ajout d'un paiement sans montrer le nouveau paiement, ce qui ne prouve pas qu'il a été ajouté ; il est vérifié avant de compter
rma-unproven = Run my Accounts a répondu { $detail } à { $what }, ce qui ne prouve pas que l'opération a été faite ; elle est vérifiée avant de compter
