config-language-unknown = { $key } = "{ $value }": rma-harvest spricht "de" (Deutsch), "fr" (français) und "en" (English); bitte eine davon eintragen

## Die Datei lesen
config-not-found = Keine Konfigurationsdatei gefunden (gesucht in: { $paths }); bitte erstellen Sie eine nach examples/config.toml oder geben Sie --config an
config-unreadable = { $path }: Die Konfiguration kann nicht gelesen werden: { $reason }
config-invalid = { $path }: { $problem }
config-file-missing = Die Datei existiert nicht
config-file-is-folder = Dies ist ein Ordner, keine Datei; --config (oder RMA_HARVEST_CONFIG) muss die Konfigurationsdatei selbst nennen, zum Beispiel config.toml
config-file-not-permitted = Dieser Benutzer darf die Datei nicht lesen; erlauben Sie es (chmod) oder starten Sie als Besitzer der Datei
config-toml-syntax-at = Kein gültiges TOML in Zeile { $line }, Spalte { $column }: { $detail }
config-toml-syntax = Kein gültiges TOML: { $detail }
config-at-line = {" "}(Zeile { $line }, Spalte { $column })
config-unknown-section-near = Unbekannter Abschnitt [{ $section }]; meinten Sie [{ $near }]?{ $at }
config-unknown-section = Unbekannter Abschnitt [{ $section }]{ $at }
config-unknown-key-near = Unbekannter Schlüssel { $key }; meinten Sie { $near }?{ $at }
config-unknown-key = Unbekannter Schlüssel { $key } (bekannte Schlüssel: { $known }){ $at }
config-wrong-type = { $key }: erwartet wird { $expected }{ $at }
config-key-problem = { $key }: { $detail }{ $at }
config-problem = { $detail }{ $at }
config-expected-number = eine ganze Zahl wie 50, ohne Anführungszeichen geschrieben
config-expected-text = ein Text in Anführungszeichen wie "open"
config-expected-boolean = true oder false, ohne Anführungszeichen geschrieben
config-expected-list = eine Liste in eckigen Klammern wie ["open"]
config-expected-text-or-number = ein Text oder eine ganze Zahl
config-expected-section = ein Abschnitt wie [sync]

## Werte
config-value-wrong = { $key } = "{ $value }": { $why }
config-key-missing = { $key } fehlt
config-url-not-url = keine URL (sie braucht https://)
config-url-no-host = die URL hat keinen Server
config-url-needs-https = muss https:// verwenden (einfaches http ist nur für lokale Adressen wie 127.0.0.1, ::1 und localhost erlaubt)
config-url-scheme = nicht unterstütztes Schema "{ $scheme }" (bitte https:// verwenden)
config-why-account-id = muss die numerische Harvest-Konto-ID sein
config-why-tenant = muss der Name des Mandanten sein (Buchstaben, Ziffern, - _ .)
config-why-customer-number-long = zu lang für die Kundennummern von Run my Accounts (höchstens 32 Zeichen)
config-why-country = muss ein zweistelliger Ländercode wie "CH" sein
config-why-date = kein Datum wie "2026-01-01"
config-start-date-type = { $key } muss ein Datum wie "2026-01-01" sein, nicht { $found }
config-placeholder-unclosed = enthält ein '{"{"}' ohne '{"}"}'
config-placeholder-unknown = unbekannter Platzhalter { $placeholder } (erlaubt: { $allowed })
config-placeholder-needed = braucht einen Platzhalter ({ $allowed }), damit jede Nummer verschieden ist
config-count = { $key } muss eine ganze Zahl sein, 0 oder mehr
config-customers-key = sync.customers: Der Schlüssel "{ $client }" muss eine Harvest-Kunden-ID sein (Ziffern)
config-customers-number = { $key } muss eine Kundennummer von Run my Accounts sein (Text, höchstens 32 Zeichen)
config-import-draft = { $key }: "draft" ist nicht erlaubt; Entwürfe werden nie verbucht
config-import-sent = { $key }: "{ $state }" ist die Anzeige in Harvest; in der Konfiguration heisst eine versandte, unbezahlte Rechnung "open" (setzen Sie { $key } = ["open"])
config-import-paid = { $key }: "{ $state }" wird klein geschrieben: "paid" (erlaubt: "open", "paid")
config-import-unknown = { $key }: unbekannter Status "{ $state }" (erlaubt: "open" für versandte, unbezahlte Rechnungen, und "paid")
config-import-empty = { $key } ist leer; verwenden Sie ["open"]
