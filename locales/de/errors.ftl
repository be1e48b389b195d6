## Fehler der HTTP-Schicht und der beiden Dienste.

http-unreachable = { $service } ist nicht erreichbar ({ $method } { $path }: { $detail })
http-lost = { $service } hat auf { $method } { $path } nicht geantwortet ({ $detail }); es ist vielleicht ausgeführt worden, der nächste Lauf prüft es
http-status = { $service } hat auf { $method } { $path } mit { $status } geantwortet: { $body }
http-detail-timed-out = Zeitüberschreitung
http-detail-connection-refused = Verbindung abgelehnt
http-detail-connection-reset = Verbindung abgebrochen
http-detail-host-not-found = Server nicht gefunden
http-body-empty = (ohne Angaben)
http-body-html = (HTML-Seite)

harvest-auth-expired = Harvest hat die Verbindung nicht erneuert ({ $reason }); bitte führen Sie `rma-harvest auth` erneut aus
harvest-decode = Harvest hat für { $what } etwas Unerwartetes gesendet: { $detail }
harvest-token-rejected = Harvest hat das Zugriffstoken nicht akzeptiert ({ $reason }); bitte führen Sie `rma-harvest auth` aus und prüfen Sie harvest.account_id
harvest-personal-token-rejected = Harvest hat das persönliche Zugriffstoken nicht akzeptiert ({ $reason }); bitte prüfen Sie harvest.access_token (oder HARVEST_ACCESS_TOKEN) und harvest.account_id
harvest-token-store = Die Harvest-Verbindung konnte nicht { $action ->
        [read] gelesen
       *[other] gespeichert
    } werden: { $detail }

rma-refused = Run my Accounts hat abgelehnt: { $reason }
rma-unknown-tenant = Run my Accounts kennt den Mandanten "{ $tenant }" nicht oder verweigert diesem API-Schlüssel den Zugriff darauf ({ $detail }); bitte prüfen Sie rma.tenant (und ob rma.api_key zu diesem Mandanten gehört)
rma-decode = Run my Accounts hat für { $what } etwas Unerwartetes gesendet: { $detail }
rma-customer-lookup = die Abfrage des Kunden { $number } ergab { $why }

## Die Zustandsdatei (Exit 5 und 6)
state-newer-schema = Die Zustandsdatei { $path } wurde von einer neueren Version von rma-harvest geschrieben (Schema { $found }, diese Version kennt { $known }); bitte aktualisieren Sie rma-harvest
state-permission-denied = { $path } kann nicht geöffnet oder geschrieben werden: keine Berechtigung ({ $reason }); der Benutzer, unter dem rma-harvest läuft, braucht Lese- und Schreibrechte auf die Zustandsdatei und ihren Ordner (SQLite schreibt daneben seine Dateien -wal und -shm)
state-not-a-state-file = { $path } ist keine Zustandsdatei von rma-harvest ({ $reason }); prüfen Sie [state] path in der Konfiguration, oder verschieben Sie die Datei, damit eine neue angelegt wird
state-corrupt = Die Zustandsdatei { $path } ist beschädigt ({ $reason }); stellen Sie sie aus einer Sicherung wieder her
state-bad-row = Zustandsdatei { $path }: Tabelle { $table }, Zeile { $key }: { $problem }
state-unreadable = Die Zustandsdatei { $path } kann nicht verwendet werden: { $reason }
state-locked = Ein anderer Lauf von rma-harvest ist aktiv (die Sperrdatei { $lock } ist belegt); versuchen Sie es erneut, wenn er fertig ist
state-io-not-found = ein Ordner auf dem Pfad existiert nicht und konnte nicht angelegt werden
state-io-not-a-folder = ein Teil des Pfads ist eine Datei, kein Ordner; prüfen Sie [state] path in der Konfiguration
state-io-is-a-folder = dies ist ein Ordner, keine Datei; [state] path muss die Datei selbst nennen, zum Beispiel state.sqlite
state-io-read-only = der Datenträger ist nur lesbar eingebunden
state-io-disk-full = der Datenträger ist voll

## Die Harvest-Verbindung, Warnungen
harvest-expires-without-client = Die Harvest-Verbindung läuft am { $expires } ab und kann ohne harvest.client_id und client_secret nicht erneuert werden; führen Sie `rma-harvest auth` aus
harvest-renewal-postponed = Die Harvest-Verbindung konnte nicht erneuert werden ({ $error }); sie läuft am { $expires } ab, führen Sie `rma-harvest auth` aus, falls dies wiederholt vorkommt
http-gave-up = { $service } wurde { $method } { $path } nicht mehr gefragt: der Dienst ist in diesem Lauf { $failures } Mal hintereinander ausgefallen, darum geht ihm bis zum nächsten Lauf nichts mehr zu
http-stopped = { $service } wurde { $method } { $path } nicht mehr gefragt: der Lauf wurde angehalten
harvest-payment-unproven = Harvest hat auf das Erfassen einer Zahlung mit { $status } geantwortet, ohne die neue Zahlung zu zeigen; das beweist nicht, dass sie erfasst ist. Sie wird geprüft, bevor sie zählt
rma-unproven = Run my Accounts hat auf { $what } mit { $detail } geantwortet; das beweist nicht, dass es ausgeführt wurde. Es wird geprüft, bevor es zählt
