# Was ein Sync-Lauf sagt: seine Schritte, Ereignisse, Ablehnungen und Sicherheitsstopps (Issue 17).

## Offene Probleme: was zu tun ist

problem-todo-refused = Korrigieren Sie die Rechnung oder die Artikel wie in der Meldung beschrieben; der nächste Lauf bucht sie. Oder buchen Sie sie von Hand und führen Sie `rma-harvest dismiss { $invoice }` aus
problem-todo-number-collision = Buchen Sie die Rechnung in Run my Accounts von Hand unter einer anderen Nummer und führen Sie danach `rma-harvest dismiss { $invoice }` aus
problem-todo-changed-after-booking = Korrigieren Sie die gebuchte Debitorenrechnung in Run my Accounts bei Bedarf von Hand (Gutschrift) und führen Sie danach `rma-harvest dismiss { $invoice }` aus
problem-todo-deleted-in-harvest = Stornieren Sie die Debitorenrechnung in Run my Accounts, falls es sie nicht geben soll, und führen Sie danach `rma-harvest dismiss { $invoice }` aus
problem-todo-total-mismatch = Prüfen Sie die MWST der Artikel dieser Rechnung in Run my Accounts und führen Sie danach `rma-harvest dismiss { $invoice }` aus
problem-todo-needs-review = Prüfen Sie die Zahlungseingänge der Rechnung in Run my Accounts; das Problem schliesst sich, sobald sie aufgehen
problem-todo-unreadable-payment = Prüfen Sie den Zahlungseingang in Run my Accounts (Rechnungsnummer, Datum, Betrag); das Problem schliesst sich, sobald die Zeile lesbar oder verschwunden ist
problem-todo-payment-held = Prüfen Sie die Rechnung und die Zahlung in Harvest; sie wird erneut versucht, sobald sich die Zahlung oder die Rechnung ändert
problem-todo-other = Lesen Sie die Meldung; das Problem schliesst sich, wenn der nächste Lauf es nicht mehr sieht
problem-todo-any-number = <Nummer>

## Der Lauf als Ganzes

sync-run-stopped = Der Lauf wurde abgebrochen: { $reason }
sync-run-stopped-advice = Der Lauf wurde abgebrochen: { $reason }. { $advice }
sync-summary = Lauf { $run }: { $booked } gebucht, { $linked } verknüpft, { $refused } abgelehnt, { $customers ->
        [one] 1 Kunde
       *[other] { $customers } Kunden
    } gespeichert, { $payments ->
        [one] 1 Zahlung
       *[other] { $payments } Zahlungen
    } erfasst, { $removed } entfernt.
sync-summary-booking-stopped = In diesem Lauf wurden keine Rechnungen gebucht.
sync-summary-payments-stopped = In diesem Lauf wurden keine Zahlungen übertragen.
sync-needs-attention = Lauf { $run } braucht Ihre Aufmerksamkeit (Exit { $exit }); Einzelheiten: { $command } log --run { $run }
sync-warning = Warnung: { $warning }
sync-bulk-guard = Dieser Lauf würde { $count } Rechnungen in Run my Accounts buchen, mehr als sync.max_new_bookings ({ $max }); es wurde nichts geschrieben. Sollen ältere Rechnungen nicht gebucht werden, setzen Sie sync.start_date in der Konfiguration; sind alle { $count } gemeint, führen Sie einmal `rma-harvest sync --max-new-bookings { $count }` aus (`rma-harvest sync --dry-run` listet sie auf)
sync-bulk-guard-dry-run = Dieser Lauf würde { $count } Rechnungen in Run my Accounts buchen, mehr als sync.max_new_bookings ({ $max }); der echte Lauf würde nichts schreiben. Sollen ältere Rechnungen nicht gebucht werden, setzen Sie sync.start_date in der Konfiguration; sind alle { $count } gemeint, führen Sie einmal `rma-harvest sync --max-new-bookings { $count }` aus (`rma-harvest sync --dry-run` listet sie auf)
sync-dry-run-pending = { $count ->
        [one] 1 Schreibvorgang eines unterbrochenen Laufs wird vom echten Lauf zuerst geprüft.
       *[other] { $count } Schreibvorgänge eines unterbrochenen Laufs werden vom echten Lauf zuerst geprüft.
    }
sync-dry-run-skipped = { $count ->
        [one] 1 Rechnung bleibt, wie sie ist (bereits in Run my Accounts oder nicht zu buchen); --json listet sie auf.
       *[other] { $count } Rechnungen bleiben, wie sie sind (bereits in Run my Accounts oder nicht zu buchen); --json listet sie auf.
    }
sync-dry-run-summary = Probelauf: { $changes ->
        [one] 1 Änderung
       *[other] { $changes } Änderungen
    } geplant, { $attention ->
        [one] 1 braucht
       *[other] { $attention } brauchen
    } eine Person; es wurde nichts geschrieben.
sync-invoice-filter-unknown = { $count ->
        [one] Rechnung { $numbers } ist
       *[other] Rechnungen { $numbers } sind
    } weder eine importierbare Harvest-Rechnung (Status { $states }) noch von rma-harvest gebucht oder verknüpft; prüfen Sie die bei --invoice angegebene Nummer
sync-invoice-filter-unknown-since = { $count ->
        [one] Rechnung { $numbers } ist
       *[other] Rechnungen { $numbers } sind
    } weder eine importierbare Harvest-Rechnung (Status { $states }, ausgestellt ab { $since }) noch von rma-harvest gebucht oder verknüpft; prüfen Sie die bei --invoice angegebene Nummer
sync-progress-reading = Harvest und Run my Accounts werden gelesen
sync-progress-booking = Buchen { $pos } von { $len }
sync-progress-mirroring = Zahlungen übertragen { $pos } von { $len }

## Lesen beider Seiten

sync-read-failed = { $what } konnte nicht gelesen werden ({ $error })
sync-booking-read-failed = { $reason }; der nächste Lauf versucht es erneut
sync-payments-read-failed = { $reason }; in Run my Accounts wurde nichts quittiert, der nächste Lauf fragt erneut nach
read-harvest-clients = die Kundenliste von Harvest
read-harvest-contacts = die Kontaktliste von Harvest
read-harvest-payments = die Zahlungsliste einer Harvest-Rechnung
read-rma-articles = die Artikelliste von Run my Accounts
read-rma-invoices = die Liste der Debitorenrechnungen von Run my Accounts
read-rma-invoice = eine Debitorenrechnung in Run my Accounts
read-rma-feed = die Liste der Zahlungseingänge von Run my Accounts
read-rma-paid-totals = die Liste der bezahlten Beträge in Run my Accounts
read-rma-paid-total = der bezahlte Betrag einer Debitorenrechnung in Run my Accounts

## Die Schritte eines Plans (die Zeilen des Probelaufs)

sync-step-customer-create = Kunde { $customer } ({ $client }) in Run my Accounts anlegen
sync-step-customer-update = Kunde { $customer } ({ $client }) in Run my Accounts aktualisieren
sync-step-book = Rechnung { $invoice } ({ $client }, { $amount }) in Run my Accounts als Debitorenrechnung { $invnumber } buchen
sync-step-link = Rechnung { $invoice } ({ $client }) gibt es in Run my Accounts bereits als { $invnumber }: verknüpfen, nicht nochmals buchen
sync-step-refuse = Rechnung { $invoice } ({ $client }): { $reasons }
sync-step-number-collision = Rechnung { $invoice } ({ $client }, { $amount }): Nummernkonflikt, { $rma_side }; nicht gebucht, nicht verknüpft, und Zahlungseingänge auf dieser Debitorenrechnung werden nicht übertragen. Buchen Sie sie in Run my Accounts von Hand unter einer anderen Nummer und führen Sie danach `rma-harvest dismiss { $invoice }` aus
sync-step-changed-after-booking = Rechnung { $invoice } ({ $client }) wurde in Harvest geändert, nachdem sie in Run my Accounts als { $invnumber } gebucht wurde: gebucht { $booked }, jetzt { $now }. Sie wird nicht nochmals gebucht; korrigieren Sie { $invnumber } in Run my Accounts bei Bedarf von Hand und führen Sie danach `rma-harvest dismiss { $invoice }` aus
sync-step-skip = Rechnung { $invoice }: { $reason }
sync-step-unreadable-invoice = Rechnung { $invoice }: { $reason }
sync-step-unreadable-invoice-id = Rechnung mit ID { $id }: { $reason }
sync-step-unreadable-invoice-nameless = Rechnung ohne Nummer und ID: { $reason }
sync-step-add-payment = Zahlung von { $amount } vom { $date } (RMA-Zahlung { $payment }) auf Harvest-Rechnung { $invoice } erfassen
sync-step-change-payment = Zahlung (RMA-Zahlung { $payment }) auf Harvest-Rechnung { $invoice } von { $old } auf { $amount } vom { $date } ändern
sync-step-remove-payment = Zahlung von { $amount } (RMA-Zahlung { $payment }, in Run my Accounts gelöscht) von Harvest-Rechnung { $invoice } entfernen
sync-step-acknowledge = RMA-Zahlung { $payment }: { $reason }
sync-step-ignore = RMA-Zahlung { $payment } auf Rechnung { $invnumber } übergangen: { $reason }
sync-step-needs-review = Rechnung { $invoice } muss geprüft werden: { $reason }
sync-step-stop-booking = In diesem Lauf wurden keine Rechnungen gebucht: { $reason }
sync-step-stop-payments = In diesem Lauf wurden keine Zahlungen übertragen: { $reason }
sync-step-not-mirrored = RMA-Zahlung { $payment } nicht übertragen: Harvest-Rechnung { $invoice } wurde nach der Buchung in Harvest gelöscht
sync-step-unreadable-payment = RMA-Zahlung { $payment } (Rechnung «{ $invnumber }») lässt sich nicht zuordnen: { $why }; sie wird nicht quittiert und bleibt offen. Prüfen Sie sie in Run my Accounts
sync-step-unreadable-payment-no-id = RMA-Zahlung ohne ID (Rechnung «{ $invnumber }») lässt sich nicht zuordnen: { $why }; sie wird nicht quittiert und bleibt offen. Prüfen Sie sie in Run my Accounts
sync-step-foreign-payments = Harvest-Rechnung { $invoice } hat { $amount } an Zahlungen, die in Harvest von Hand erfasst wurden; sie bleiben, wie sie sind
sync-step-rekey = RMA-Zahlung { $old } über { $amount } vom { $date } ist jetzt RMA-Zahlung { $payment } (Debitorenrechnung { $invnumber } wurde in Run my Accounts erneut gespeichert); die Zahlung auf Harvest-Rechnung { $invoice } bleibt, wie sie ist
sync-step-adopt = Harvest-Rechnung { $invoice } hat die Zahlung über { $amount } vom { $date } mit der Markierung RMA-Zahlung { $payment }, die die Statusdatei nicht kannte; als übertragen vermerkt, nicht nochmals erfasst
sync-step-held = RMA-Zahlung { $payment } auf Harvest-Rechnung { $invoice } wird nicht erneut gesendet: Harvest hat sie am { $since } abgelehnt ({ $refusal }), und seither haben sich weder die Zahlung noch die Rechnung geändert; sie wird erneut gesendet, sobald sich eines davon ändert

## Warum eine Rechnung nicht gebucht wird

invoice-state-not-imported = Status «{ $state }» ist nicht in sync.import_states; nicht gebucht
invoice-before-start-date = ausgestellt am { $issued }, vor sync.start_date { $start }; nicht gebucht
invoice-dismissed = von Hand erledigt (dismiss); nicht gebucht
invoice-pending-check = die Buchung des letzten Laufs als { $invnumber } wird zuerst geprüft; nicht nochmals gebucht
invoice-already-in-rma = bereits in Run my Accounts als { $invnumber }
invoice-no-number = die Rechnung hat in Harvest keine Nummer
invoice-number-taken = die Run-my-Accounts-Nummer { $invnumber } ist bereits für eine andere Harvest-Rechnung (ID { $other }) vergeben; prüfen Sie sync.invoice_number
invoice-number-twice = eine andere Harvest-Rechnung (ID { $other }) würde dieselbe Run-my-Accounts-Nummer { $invnumber } erhalten
invoice-no-lines = die Rechnung hat keine Positionen
invoice-line-no-category = Position { $line } hat keine Kategorie (Typ)
invoice-unknown-category = Position { $line } hat die Kategorie «{ $category }», die in Run my Accounts kein Artikel ist
invoice-client-unreadable = ihr Kunde (ID { $client }) konnte nicht aus Harvest gelesen werden
invoice-client-unreadable-why = ihr Kunde (ID { $client }) konnte nicht aus Harvest gelesen werden: { $why }
invoice-client-no-name = ihr Kunde hat in Harvest keinen Namen
invoice-unreadable = { $what }; nicht gebucht
invoice-unreadable-in-rma = { $what }; sie ist bereits in Run my Accounts als { $invnumber } und bleibt dort, wie sie ist
client-contact-unreadable = sein Kontakt { $contact } konnte nicht gelesen werden: { $what }
client-contact-unreadable-no-id = einer seiner Kontakte konnte nicht gelesen werden: { $what }
invoice-collision = Run my Accounts hat die Nummer { $invnumber } bereits für { $rma_customer } mit { $rma_total }, die Harvest-Rechnung lautet auf { $client } (Kunde { $customer }) mit { $amount }
invoice-rma-customer = Kunde { $customer } { $name }
invoice-rma-customer-number = Kunde { $customer }
invoice-rma-customer-name = { $name }
invoice-rma-customer-unknown = einen unbekannten Kunden
invoice-rma-no-total = ohne Betrag

## Kunden

customer-field-too-long = { $field } «{ $value }» ist länger als die { $max } Zeichen, die Run my Accounts erlaubt; gesendet als «{ $cut }»
customer-field-name = Name
customer-field-first-name = Vorname
customer-field-last-name = Nachname
customer-field-address = Adresszeile
customer-field-address2 = zweite Adresszeile
customer-field-postcode = PLZ
customer-field-city = Ort
customer-field-phone = Telefon
customer-field-mobile = Mobiltelefon
customer-field-fax = Fax
sync-customer-cut = Kunde { $customer } ({ $client }): { $note }
sync-customer-created = Kunde { $customer } ({ $client }) in Run my Accounts angelegt
sync-customer-updated = Kunde { $customer } ({ $client }) in Run my Accounts aktualisiert
sync-customer-not-saved = Kunde { $customer } ({ $client }) konnte in Run my Accounts nicht gespeichert werden: { $error }

## Buchen

sync-invoice-booked = Rechnung { $invoice } ({ $client }, { $amount }) in Run my Accounts als Debitorenrechnung { $invnumber } gebucht
sync-invoice-linked = Rechnung { $invoice } ({ $client }) gibt es in Run my Accounts bereits als { $invnumber }; verknüpft, nicht nochmals gebucht
sync-invoice-customer-failed = Rechnung { $invoice } ({ $client }) wurde nicht gebucht: ihr Kunde konnte nicht gespeichert werden; der nächste Lauf versucht es erneut
sync-invoice-refused-by-rma = Rechnung { $invoice } ({ $client }) wurde von Run my Accounts abgelehnt: { $error }
sync-invoice-no-answer = Rechnung { $invoice } ({ $client }): keine Antwort von Run my Accounts ({ $error }); der nächste Lauf prüft, ob sie gebucht wurde, und bucht sie nie doppelt
sync-invoice-deleted-in-harvest = Rechnung { $invoice } wurde in Harvest gelöscht, nachdem sie in Run my Accounts als { $invnumber } gebucht wurde; ihre Zahlungseingänge werden nicht mehr übertragen. Stornieren Sie sie in Run my Accounts, falls es sie nicht geben soll, und führen Sie danach `rma-harvest dismiss { $invoice }` aus
sync-totals-not-checked = Die Beträge der gebuchten Rechnungen konnten nicht geprüft werden: { $error }
sync-total-not-reported = Rechnung { $invoice }: gebucht, aber Run my Accounts hat ihren Betrag nicht gemeldet; er wurde nicht mit Harvest verglichen
sync-total-rounding = Rechnung { $invoice }: der Betrag in Run my Accounts ist { $rma }, in Harvest { $harvest } (Differenz { $difference }); Rundung, akzeptiert
sync-total-mismatch = Rechnung { $invoice }: der Betrag in Run my Accounts ist { $rma }, in Harvest { $harvest } (Differenz { $difference }); bitte prüfen Sie die MWST ihrer Artikel in Run my Accounts
sync-repair-booked = Rechnung { $invoice }: der letzte Lauf erhielt keine Antwort, aber Run my Accounts hat sie als { $invnumber }; als gebucht vermerkt
sync-repair-book-again = Rechnung { $invoice }: die Buchung des letzten Laufs kam nicht bei Run my Accounts an; sie wird erneut gebucht

## Zahlungen

payment-invoice-not-ours = diese Rechnung wurde nicht von rma-harvest gebucht oder verknüpft
payment-review-no-paid-total = Run my Accounts hat die Debitorenrechnung { $invnumber } auf die Frage nach dem bezahlten Betrag nicht gemeldet; in Harvest wurde nichts geändert
payment-review-paid-mismatch = die Zahlungseingänge, die Run my Accounts meldet, ergeben { $total }, als bezahlt zeigt es aber { $paid }; in Harvest wurde nichts geändert, bitte prüfen Sie die Zahlungseingänge in Run my Accounts
payment-review-more-than-due = Run my Accounts hat { $more } mehr an Zahlungseingängen, als Harvest als offen zeigt ({ $due }); in Harvest wurde nichts geändert
payment-deleted-not-in-harvest = in Run my Accounts gelöscht und nicht in Harvest; nichts zu tun
payment-already-in-harvest = bereits so in Harvest
payment-paid-by-hand = nicht in Harvest erfasst: Rechnung { $invoice } ist dort bereits bezahlt (in Harvest erfasste Zahlungen)
payment-stop-all-deleted = Run my Accounts meldet alle { $count } bisher übertragenen Zahlungseingänge als gelöscht; das sieht nach einem Zurücksetzen oder einem neuen API-Schlüssel aus, nicht nach echten Löschungen. Prüfen Sie dies in Run my Accounts und bitten Sie danach den Support, die Zahlungshistorie auf den Schlüssel zu übertragen
payment-stop-too-many-deletions = { $count } Harvest-Zahlungen würden gelöscht oder ersetzt, mehr als sync.max_payment_deletions = { $max }; prüfen Sie Run my Accounts und erhöhen Sie die Grenze für einen Lauf, wenn das stimmt
sync-payment-added = Zahlung von { $amount } vom { $date } (RMA-Zahlung { $payment }) auf Harvest-Rechnung { $invoice } erfasst
sync-payment-changed = In Harvest geändert: Zahlung (RMA-Zahlung { $payment }) auf Harvest-Rechnung { $invoice } von { $old } auf { $amount } vom { $date }
sync-payment-removed = Zahlung von { $amount } (RMA-Zahlung { $payment }) von Harvest-Rechnung { $invoice } entfernt: sie wurde in Run my Accounts gelöscht
sync-payment-not-mirrored = RMA-Zahlung { $payment } nicht übertragen: die Harvest-Rechnung wurde nach der Buchung in Harvest gelöscht
sync-payment-refused = Harvest hat die Zahlung von { $amount } (RMA-Zahlung { $payment }) auf Rechnung { $invoice } abgelehnt: { $error }; sie wird erst wieder gesendet, wenn sich die Zahlung oder die Rechnung ändert
sync-payment-no-answer = RMA-Zahlung { $payment } auf Rechnung { $invoice }: keine Antwort von Harvest ({ $error }); der nächste Lauf prüft nach und erfasst sie nie doppelt
sync-payment-remove-refused = Harvest hat das Entfernen der Zahlung (RMA-Zahlung { $payment }) von Rechnung { $invoice } abgelehnt: { $error }; es wird erst wieder versucht, wenn sich die Zahlung oder die Rechnung ändert
sync-payment-remove-no-answer = RMA-Zahlung { $payment } auf Rechnung { $invoice }: keine Antwort von Harvest beim Entfernen ({ $error }); der nächste Lauf prüft nach
sync-acknowledge-failed = Run my Accounts hat die Quittierung von { $count ->
        [one] 1 Zahlungseingang
       *[other] { $count } Zahlungseingängen
    } nicht angenommen ({ $error }); sie kommen im nächsten Lauf wieder und werden erkannt
sync-repair-payment-found = RMA-Zahlung { $payment }: der letzte Lauf erhielt keine Antwort, aber Harvest hat sie; vermerkt

## dismiss

dismiss-done = Rechnung { $invoice }: von Hand erledigt ({ $count ->
        [one] 1 offenes Problem
       *[other] { $count } offene Probleme
    } geschlossen); sie wird nicht mehr abgelehnt oder als geändert gemeldet
