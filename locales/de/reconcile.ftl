reconcile-ok = ok
reconcile-not-in-rma = nicht in Run my Accounts: { $why }
reconcile-why-refused = abgelehnt ({ $reason })
reconcile-why-missing = gebucht, aber Run my Accounts führt die Debitorenrechnung nicht
reconcile-why-waiting = wartet auf den nächsten Lauf
reconcile-why-before-start = vor sync.start_date { $start_date } ausgestellt
reconcile-why-state = der Status "{ $state }" wird nicht übernommen
reconcile-total-differs = Betrag weicht ab: { $why }
reconcile-why-changed = in Harvest nach der Buchung geändert
reconcile-why-vat = MWST anders berechnet
reconcile-paid-differs = Bezahlt weicht ab: { $why }
reconcile-why-held = eine Zahlung, die Harvest abgelehnt hat, ist zurückgehalten ({ $message })
reconcile-why-pending = { $count ->
    [one] ein Zahlungseingang steht im Zahlungsfeed von Run my Accounts noch aus
   *[other] { $count } Zahlungseingänge stehen im Zahlungsfeed von Run my Accounts noch aus
}
reconcile-why-by-hand = eine Zahlung, die in Harvest von Hand erfasst wurde
reconcile-deleted = in Harvest gelöscht
reconcile-collision = Nummernkollision: { $rma_side }
reconcile-rma-only = nur in Run my Accounts
reconcile-dismissed = erledigt ({ $what }); { $difference }
reconcile-todo-refused = beheben Sie, was die Ablehnung nennt; der nächste Lauf bucht die Rechnung
reconcile-todo-missing = suchen Sie die Debitorenrechnung in Run my Accounts; wurde sie dort gelöscht, zeigt `rma-harvest log`, welcher Lauf sie gebucht hat
reconcile-todo-changed = korrigieren Sie die Debitorenrechnung in Run my Accounts (Gutschrift und neue Rechnung) oder machen Sie die Änderung in Harvest rückgängig
reconcile-todo-vat = prüfen Sie die MWST der Artikel dieser Rechnung in Run my Accounts
reconcile-todo-held = warum Harvest die Zahlung abgelehnt hat: rma-harvest log --problems
reconcile-todo-pending = nichts von Hand: der nächste Lauf überträgt sie
reconcile-todo-by-hand = buchen Sie den Zahlungseingang auch in Run my Accounts oder entfernen Sie die Zahlung in Harvest
reconcile-todo-deleted = stornieren Sie die Debitorenrechnung in Run my Accounts mit einer Gutschrift oder stellen Sie die Rechnung in Harvest wieder her
reconcile-todo-collision = geben Sie der Rechnung in Harvest eine andere Nummer (oder ändern Sie sync.invoice_number); von Hand erledigt: rma-harvest dismiss NUMMER
reconcile-todo-rma-only = die Zustandsdatei kennt diese Rechnung nicht (wiederhergestellt oder verloren?): prüfen Sie sie in Run my Accounts und Harvest
reconcile-heading = Harvest und Run my Accounts, Rechnungen ausgestellt vom { $from } bis { $to }; es wird nichts geschrieben.
reconcile-col-invoice = Rechnung
reconcile-col-client = Kunde
reconcile-col-harvest-total = Betrag Harvest
reconcile-col-harvest-paid = Bezahlt Harvest
reconcile-col-rma-invoice = RMA-Rechnung
reconcile-col-rma-total = Betrag RMA
reconcile-col-rma-paid = Bezahlt RMA
reconcile-col-verdict = Ergebnis
reconcile-what-to-do = zu tun: { $todo }
reconcile-sum = { $currency }: { $count ->
    [one] 1 Rechnung
   *[other] { $count } Rechnungen
}; Beträge Harvest { $harvest_total }, Run my Accounts { $rma_total } (Differenz { $total_difference }); bezahlt Harvest { $harvest_paid }, Run my Accounts { $rma_paid } (Differenz { $paid_difference })
reconcile-agree = Beide Buchhaltungen stimmen überein.
reconcile-differences = { $count ->
    [one] 1 Rechnung weicht ab.
   *[other] { $count } Rechnungen weichen ab.
}
reconcile-none = Keine Rechnungen in diesem Zeitraum.
reconcile-unreadable = Harvest hat einen Rechnungseintrag gesendet, der nicht lesbar ist ({ $what }); er wird nicht verglichen.
reconcile-range-reversed = --from { $from } liegt nach --to { $to }
