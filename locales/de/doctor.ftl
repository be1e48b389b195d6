## rma-harvest doctor: die Checkliste.

doctor-heading = Prüfe Harvest ({ $harvest }) und Run my Accounts (Mandant { $tenant }); es wird nichts geschrieben.
doctor-summary = { $count ->
        [one] 1 Prüfung
       *[other] { $count } Prüfungen
    }: { $holds } erfüllt, { $warnings ->
        [one] 1 Warnung
       *[other] { $warnings } Warnungen
    }, { $fails } nicht erfüllt, { $unknown } nicht feststellbar.
doctor-status-holds = erfüllt
doctor-status-warning = Warnung
doctor-status-fails = NICHT ERFÜLLT
doctor-status-could-not-tell = nicht feststellbar
doctor-examples = { $shown } und { $more } weitere
doctor-service-error = { $error }
doctor-line = { $title }: { $detail }

## Was vorausgesetzt wird
doctor-title-harvest-token = Harvest akzeptiert das Zugriffstoken
doctor-title-harvest-account = Das Token gehört zu harvest.account_url
doctor-title-harvest-permissions = Der Harvest-Benutzer darf Rechnungen verwalten sowie Kunden und Kontakte lesen
doctor-title-harvest-invoices = Harvest listet die zu übernehmenden Rechnungen
doctor-title-invoice-numbers = Rechnungsnummern bestehen nur aus Ziffern (Run my Accounts bildet daraus die Referenz der QR-Rechnung)
doctor-title-currency = Die Rechnungen lauten auf CHF
doctor-title-rma-key = Run my Accounts akzeptiert den API-Schlüssel für rma.tenant
doctor-title-rma-articles = Run my Accounts listet seine Artikel
doctor-title-categories = Jede Kategorie auf einer noch zu verbuchenden Rechnung ist ein Artikel
doctor-title-invoice-totals = Die Einträge der Debitorenliste enthalten die nötigen Beträge (Betrag, bezahlt)
doctor-title-unknown-customer = Eine unbekannte Kundennummer ergibt 404
doctor-title-unknown-invoice = Eine unbekannte Rechnungsnummer ergibt 404
doctor-title-payment-feed = Die Liste der Zahlungseingänge ist lesbar
doctor-title-payment-feed-rows = Jeder offene Zahlungseingang hat eine ID, eine Rechnungsnummer, ein Datum und einen Betrag
doctor-title-mail-server = Der Mailserver antwortet und akzeptiert die Anmeldung ([notify.email])
doctor-title-ar-account = rma.ar_account existiert im Kontenplan

## Harvest: was gefunden wurde
doctor-harvest-not-connected = Harvest ist nicht verbunden
doctor-harvest-token-unchecked = das Harvest-Token konnte nicht geprüft werden
doctor-harvest-account-id = Konto { $account }
doctor-harvest-other-account = das Token gehört zu { $found }, harvest.account_url ist { $configured }
doctor-harvest-may-not-manage = { $user } darf keine Rechnungen verwalten
doctor-harvest-readable = { $user } ({ $clients } Kunden, { $contacts } Kontakte lesbar)
doctor-harvest-unreadable = Harvest hat Rechnungen gesendet, die nicht lesbar sind: { $invoices }
doctor-harvest-to-book = { $count ->
        [one] 1 Rechnung
       *[other] { $count } Rechnungen
    } noch zu verbuchen (Status { $states })
doctor-harvest-to-book-since = { $count ->
        [one] 1 Rechnung
       *[other] { $count } Rechnungen
    } noch zu verbuchen (Status { $states }, ausgestellt ab { $from })
doctor-no-harvest-invoices = die Harvest-Rechnungen konnten nicht gelesen werden
doctor-numbers-digits = jede Nummer besteht nur aus Ziffern
doctor-numbers-not-digits = { $count ->
        [one] 1 Nummer besteht
       *[other] { $count } Nummern bestehen
    } nicht nur aus Ziffern: { $numbers }
doctor-currency-chf = jede noch zu verbuchende Rechnung lautet auf CHF
doctor-currency-foreign = { $count ->
        [one] 1 Rechnung
       *[other] { $count } Rechnungen
    } in einer anderen Währung: { $invoices }

## Harvest: was zu tun ist
doctor-advice-harvest-account = Verwenden Sie ein Token des konfigurierten Kontos, oder korrigieren Sie harvest.account_url und harvest.account_id
doctor-advice-manager = Verwenden Sie das Token eines Administrators oder eines Managers, der Rechnungen erstellen und bearbeiten darf
doctor-advice-all-clients = Der Benutzer muss jeden Kunden sehen: ein Administrator, oder ein Manager mit Zugriff auf alle Kunden
doctor-advice-import-states = Prüfen Sie die Berechtigungen oben und sync.import_states
doctor-advice-correct-in-harvest = Korrigieren Sie sie in Harvest; der Abgleich weist jede davon mit Namen ab und verbucht die übrigen
doctor-advice-numbers = Run my Accounts kann für diese Rechnungen keine Referenz der QR-Rechnung bilden; verwenden Sie in Harvest Rechnungsnummern nur aus Ziffern, oder setzen Sie sync.invoice_number = "{"{"}id{"}"}" (die Rechnungs-ID von Harvest)
doctor-advice-currency = Run my Accounts braucht für jede solche Währung und jeden Tag einen Wechselkurs (Einstellungen > Währungen)

## Run my Accounts: was gefunden wurde
doctor-rma-key-unchecked = der Schlüssel für Run my Accounts konnte nicht geprüft werden
doctor-rma-tenant = Mandant { $tenant }
doctor-rma-no-articles = die Artikelliste ist leer
doctor-rma-articles = { $count ->
        [one] 1 Artikel
       *[other] { $count } Artikel
    }
doctor-category-line = Rechnung { $invoice } Position { $line } «{ $category }»
doctor-categories-checked = { $count ->
        [one] 1 Rechnung
       *[other] { $count } Rechnungen
    } geprüft
doctor-categories-missing = kein Artikel: { $lines }
doctor-totals-list-refused = die Debitorenliste wurde verweigert ({ $reason })
doctor-totals-entries = { $count ->
        [one] 1 Eintrag
       *[other] { $count } Einträge
    } vom { $from } bis { $to }
doctor-totals-single-has-them = Listeneinträge ohne Betrag oder bezahlten Betrag: { $invoices }; die einzelne Debitorenrechnung hat sie
doctor-totals-missing = Debitorenrechnung { $invoice } hat weder in der Liste noch einzeln einen Betrag oder bezahlten Betrag
doctor-customer-404 = Kunde { $customer }: 404
doctor-customer-answered = Run my Accounts hat für { $customer } einen Kunden geliefert
doctor-invoice-404 = Debitorenrechnung { $invoice }: 404
doctor-invoice-answered = Run my Accounts hat für { $invoice } eine Debitorenrechnung geliefert
doctor-feed-unread = die Liste der Zahlungseingänge konnte nicht gelesen werden
doctor-feed-pending = { $count ->
        [one] 1 Zahlungseingang
       *[other] { $count } Zahlungseingänge
    } offen
doctor-feed-row = Zahlungseingang { $payment }: { $why }
doctor-feed-row-without-id = ein Zahlungseingang ohne ID: { $why }
doctor-feed-rows-checked = { $count ->
        [one] 1 Zahlungseingang
       *[other] { $count } Zahlungseingänge
    } geprüft
doctor-ar-default = nicht gesetzt: Run my Accounts bucht auf das Standardkonto des Mandanten
doctor-ar-found = Konto { $account }
doctor-ar-no-numbers = der Kontenplan nennt keine Kontonummern
doctor-ar-missing = Konto { $account } ist nicht unter den { $count } Konten

## Run my Accounts: was zu tun ist
doctor-advice-rma-key = Prüfen Sie rma.api_key (oder RMA_API_KEY) und rma.tenant (der Mandant, wie bei der Anmeldung in Run my Accounts)
doctor-advice-create-articles = Erfassen Sie in Run my Accounts für jede Harvest-Kategorie (Typ) einen Artikel
doctor-advice-categories = Erfassen Sie die fehlenden Artikel in Run my Accounts (Artikelnummer = die Harvest-Kategorie, genau gleich geschrieben), oder ändern Sie die Kategorie in Harvest; `rma-harvest check-categories` listet alle
doctor-advice-one-by-one = Der Abgleich fragt stattdessen jede Debitorenrechnung einzeln ab: langsamer, aber korrekt
doctor-advice-totals = Zahlungen können nicht mit dem bezahlten Betrag in Run my Accounts verglichen werden; melden Sie dies, bevor Sie den Abgleich starten
doctor-advice-customers-existing = Der Abgleich würde jeden neuen Kunden für bestehend halten; melden Sie dies, bevor Sie den Abgleich starten
doctor-advice-customers-unknown = Der Abgleich kann neue und bestehende Kunden nicht unterscheiden; melden Sie dies, bevor Sie den Abgleich starten
doctor-advice-invoices-booked = Der Abgleich würde jede Rechnung für bereits verbucht halten; melden Sie dies, bevor Sie den Abgleich starten
doctor-advice-invoices-unknown = Der Abgleich kann noch zu verbuchende und verbuchte Rechnungen nicht unterscheiden; melden Sie dies, bevor Sie den Abgleich starten
doctor-advice-feed = Der Abgleich überspringt die Zahlungen, solange dies fehlschlägt
doctor-advice-feed-rows = Ein solcher Zahlungseingang wird nie quittiert und seine Zahlung nie übertragen; korrigieren Sie die Zahlung in Run my Accounts (sie muss auf eine Debitorenrechnung gebucht sein)
doctor-advice-ar-account = Setzen Sie rma.ar_account auf ein bestehendes Debitorenkonto (z. B. 1100), oder entfernen Sie es, um das Standardkonto zu verwenden
