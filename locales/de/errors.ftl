## Fehler der HTTP-Schicht und der beiden Dienste.

http-unreachable = { $service } ist nicht erreichbar ({ $method } { $path }: { $detail })
http-lost = { $service } hat auf { $method } { $path } nicht geantwortet ({ $detail }); es ist vielleicht ausgeführt worden, der nächste Lauf prüft es
http-status = { $service } hat auf { $method } { $path } mit { $status } geantwortet: { $body }
http-detail-timed-out = Zeitüberschreitung
http-detail-connection-refused = Verbindung abgelehnt
http-detail-host-not-found = Server nicht gefunden
http-body-empty = (ohne Angaben)
http-body-html = (HTML-Seite)

harvest-auth-expired = Harvest hat die Verbindung nicht erneuert ({ $reason }); bitte führen Sie `rma-harvest auth` erneut aus
harvest-decode = Harvest hat für { $what } etwas Unerwartetes gesendet: { $detail }
harvest-token-rejected = Harvest hat das Zugriffstoken nicht akzeptiert ({ $reason }); bitte führen Sie `rma-harvest auth` aus und prüfen Sie harvest.account_id
harvest-token-store = Die Harvest-Verbindung konnte nicht { $action ->
        [read] gelesen
       *[other] gespeichert
    } werden: { $detail }

rma-refused = Run my Accounts hat abgelehnt: { $reason }
rma-unknown-tenant = Run my Accounts kennt den Mandanten "{ $tenant }" nicht oder verweigert diesem API-Schlüssel den Zugriff darauf ({ $detail }); bitte prüfen Sie rma.tenant (und ob rma.api_key zu diesem Mandanten gehört)
rma-decode = Run my Accounts hat für { $what } etwas Unerwartetes gesendet: { $detail }
rma-customer-lookup = die Abfrage des Kunden { $number } ergab { $why }
