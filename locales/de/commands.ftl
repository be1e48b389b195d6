## Befehle: was nach einem Fehler zu tun ist, auth, check-categories, dismiss.

advice-check-rma-key = Prüfen Sie rma.api_key (Umgebungsvariable RMA_API_KEY) und rma.tenant
advice-run-auth = Führen Sie `rma-harvest auth` aus
advice-wrong-tenant = Kein Lauf erreicht Run my Accounts, bis dies korrigiert ist
advice-next-run-continues = Alles bisher Erledigte ist festgehalten; der nächste Lauf macht weiter

commands-no-rma-key = Kein API-Schlüssel für Run my Accounts: Setzen Sie rma.api_key in der Konfiguration oder RMA_API_KEY
commands-no-harvest-account-id = { $path }: harvest.account_id fehlt; ein persönliches Zugriffstoken braucht die Konto-ID, die auf id.getharvest.com/developers daneben steht
commands-cannot-write = { $path } kann nicht geschrieben werden: { $detail }
commands-test-clock = { $variable } muss ein Zeitpunkt nach RFC 3339 sein, zum Beispiel 2026-11-28T01:00:00Z ({ $detail })

## auth
auth-wrong-account = Dieser Harvest-Zugang gehört zu { $found }, aber harvest.account_url ist { $configured }; verwenden Sie das passende Konto
auth-user-may-not-manage = Der Harvest-Benutzer { $user } darf keine Rechnungen verwalten; Zahlungen kann nur ein Administrator oder ein Manager erfassen, der Rechnungen erstellen und bearbeiten darf
auth-invoices-off = Warnung: Im Harvest-Konto { $account } sind Rechnungen ausgeschaltet
auth-connected-personal = Harvest verbunden: { $domain } (Konto { $account }) als { $user } (persönliches Zugriffstoken)
auth-connected = Harvest verbunden: { $domain } (Konto { $account }) als { $user }
auth-check-harvest-ok = Harvest: in Ordnung — { $found }
auth-check-harvest-found = { $domain } als { $user }
auth-check-harvest-failed = Harvest: FEHLGESCHLAGEN — { $error }
auth-check-rma-ok = Run my Accounts: in Ordnung — { $found }
auth-check-rma-found = Mandant { $tenant } ({ $count } Artikel)
auth-check-rma-failed = Run my Accounts: FEHLGESCHLAGEN — { $error }
auth-warning = Warnung: { $warning }
auth-access-refused = Der Zugriff wurde in Harvest verweigert
auth-id-error = Harvest ID hat mit einem Fehler geantwortet: { $error } { $detail }
auth-state-mismatch = Die Antwort stammt nicht von diesem Anmeldeversuch (ihr Status stimmt nicht überein); führen Sie `rma-harvest auth` erneut aus
auth-no-code = Die Antwort von Harvest ID enthält keinen Autorisierungscode
auth-redirect-not-http = Der lokale Empfänger braucht eine http://-redirect_uri auf 127.0.0.1 oder localhost (oder verwenden Sie --paste)
auth-redirect-not-local = Der Server { $host } der redirect_uri ist nicht dieser Computer (127.0.0.1, ::1 oder localhost); verwenden Sie --paste
auth-redirect-port = Der Port "{ $port }" der redirect_uri ist keine Zahl
auth-no-client = { $path }: Für die Verbindung mit Harvest braucht es harvest.client_id und harvest.client_secret (oder setzen Sie harvest.access_token und harvest.account_id für ein persönliches Zugriffstoken)
auth-no-random = Das System liefert keinen zufälligen Anmeldestatus: { $detail }
auth-open-address = Öffnen Sie diese Adresse im Browser und erlauben Sie den Zugriff:
auth-paste-address = Fügen Sie dann die Adresse ein, bei der Ihr Browser gelandet ist (sie beginnt mit { $redirect_uri }):
auth-cannot-listen = Auf { $address } kann nicht auf die Antwort des Browsers gewartet werden ({ $detail }); geben Sie den Port frei, ändern Sie harvest.redirect_uri oder verwenden Sie --paste
auth-waiting = Warte auf den Browser unter { $redirect_uri }…
auth-no-account = Diese Harvest-Anmeldung erreicht kein Harvest-Konto; erwartet war { $wanted }
auth-account-not-reached = Keines der Harvest-Konten dieser Anmeldung ist { $wanted } (gefunden: { $found }); melden Sie sich als Benutzer von { $wanted } an oder korrigieren Sie harvest.account_url
auth-browser-timeout = Keine Antwort vom Browser innert { $seconds } s; führen Sie `rma-harvest auth` erneut aus (oder verwenden Sie --paste)
auth-page-ok = Harvest hat geantwortet. Sie können dieses Fenster schliessen und zum Terminal zurückkehren.
auth-page-not-connected = Nicht verbunden: { $reason }. Siehe Terminal.

## check-categories
categories-column-category = Kategorie
categories-column-article = Artikel in Run my Accounts
categories-column-invoices = Zu verbuchende Rechnungen
categories-missing = fehlt
categories-line-not-article = Position { $line } hat die Kategorie «{ $category }», die in Run my Accounts kein Artikel ist
categories-invoice-refused = Rechnung { $invoice } ({ $client }) würde abgewiesen: { $lines }
categories-invoice-not-counted = Harvest-Rechnung { $invoice } nicht gezählt: { $why }
categories-create-articles = Erfassen Sie die fehlenden Artikel in Run my Accounts (Artikelnummer = Name der Kategorie, Buchstabe für Buchstabe), oder ändern Sie die Kategorie auf den Rechnungszeilen in Harvest.
categories-all-articles = Jede Kategorie auf einer offenen Rechnung ist ein Artikel in Run my Accounts.

## dismiss
dismiss-unknown-invoice = rma-harvest kennt keine Harvest-Rechnung { $invoice } und hat kein offenes Problem dazu; `rma-harvest log` listet die offenen Probleme
