package pii

// Everyday words of notes typed in capitals (see capsNote). In mixed-case
// text a capital letter says a word may be a name and a small one that it
// is not; in capitals every word has one, so these lists say it instead:
// a word of them ends a name ("HERR MÜLLER RUFT AN"), starts none ("PER
// TRASLOCO") and makes no surname before a given name ("CALLED BY JOHN
// SMITH"). They are looked up only in such notes, in a table of their own
// (capsDict): in the free-text dictionary they would change what mixed-case
// text finds. Listed names win over them where a name is expected (after
// a given name, "LUCY GREEN"); capsFunctionWords start a name only before a
// listed family name ("PER ANDERSSON") or as its particle ("SR. EL
// IDRISSI").

// capsFunctionWords are articles, pronouns, prepositions, conjunctions,
// auxiliaries and the adverbs of notes, in the seven languages. Some are
// names in the lists too ("BY", "DA", "AM", "EL", "PER").
var capsFunctionWords = `
	a an the this that these those it its he she him her his hers they them their we us our you your i me my mine
	of to in on at by for from with without about into onto over under after before since until till via per
	and or but nor so if as than then when while because though also too very not no yes ok okay
	is are was were be been being am has have had having do does did done will would shall should can could
	may might must need needs there here where what which who whom whose how why all any some each every both
	either neither none more most less least much many few other another same such only just still yet again
	already now today tomorrow yesterday tonight soon later asap re fao attn cc fw fwd pls plz thx ie eg etc
	up down out off back away near next last first second third new old
	der die das den dem des ein eine einer einen einem eines kein keine keinen keinem keiner
	und oder aber denn sondern weil da dass daß ob wenn als wie so auch noch nur schon nicht nie kein
	ich du er sie es wir ihr ihm ihn ihnen mich mir dich dir uns euch sich man mein meine sein seine seinen
	seiner seinem ihre ihren ihrem ihrer unser unsere dessen deren
	in im ins an am auf aus bei beim mit nach von vom vor zu zum zur über unter um durch für gegen ohne bis
	seit ab per pro gem lt laut wegen wg trotz statt während hinter neben zwischen innerhalb außerhalb
	ist sind war waren bin bist sei wird werden wurde wurden worden hat haben hatte hatten habe gehabt
	kann können konnte konnten muss müssen musste soll sollen sollte will wollen wollte möchte möchten mag
	darf dürfen bitte danke ja nein doch mal hier dort heute morgen gestern jetzt gleich sofort bald später
	dann danach vorher immer wieder noch erneut zurück weiter bereits erst
	le la les l un une des du de d au aux ce cet cette ces il ils elle elles on nous vous je tu me te se lui
	leur leurs son sa ses mon ma mes ton ta tes notre votre nos vos qui que quoi dont où y en
	et ou mais donc car ni si comme quand pour par avec sans sous sur dans chez entre vers depuis pendant
	avant après contre selon est sont était étaient été être a ont avait avaient avoir fait faire va vont
	peut peuvent doit doivent veut veulent ne pas plus jamais rien oui non merci aujourd'hui demain hier
	déjà encore toujours bien très trop aussi ici là
	de het een en of maar want dus als dan toen omdat dat die dit deze wie wat waar hoe ik jij je hij zij ze
	wij we jullie u hem haar hun ons mijn zijn jouw uw onze van voor met op aan bij naar uit om over onder
	tot door tegen zonder na sinds per is was waren ben bent heeft hebben had hadden wordt worden werd
	werden kan kunnen kon moet moeten wil willen zal zullen zou niet geen nog al wel ook ja nee graag
	vandaag morgen gisteren nu straks later weer terug
	i w z ze na do od o u po za przy przez dla bez pod nad przed między jest są był była było byli były
	będzie będą ma mają miał miała nie tak już jeszcze też także oraz lub albo ale czy że aby żeby gdy jak
	kiedy gdzie co kto on ona ono oni one ja ty my wy go jej jego ich mu im się sobie mnie mi nas wam
	dziś dzisiaj jutro wczoraj teraz potem proszę dziękuję bardzo
	il lo la i gli le un uno una di da in con su per tra fra a al allo alla ai agli alle del dello della
	dei degli delle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle sul sullo sulla sui sugli
	sulle e ed o ma però se che chi cui come quando dove perché anche non più già ancora molto poco è sono
	era erano stato stata stati state essere ha hanno aveva avevano avere ho abbiamo può possono deve devono
	vuole vogliono lui lei loro noi voi io tu mi ti ci vi si gli suo sua suoi sue mio mia nostro vostro
	oggi domani ieri ora adesso poi sì grazie prego
	el la los las lo un una unos unas de del al a en con sin por para sobre entre hasta desde hacia según
	y e o u ni pero sino si que quien cual como cuando donde porque también tampoco no sí ya aún todavía
	muy más menos es son era eran fue fueron ser estar está están estaba estaban ha han había habían haber
	he hemos puede pueden debe deben quiere quieren él ella ellos ellas nosotros vosotros usted ustedes yo
	tú me te se le les nos os su sus mi mis tu tus nuestro hoy mañana ayer ahora luego después antes gracias
`

// capsThingWords are the words of capsContentWords that name a product, a
// system, a team or a workplace ("MS TEAMS", "MR PIPELINE", "DR OFFICE",
// "HR DEPARTMENT"): after a title of two capitals without its full stop
// they are what the acronym names, even before a verb of calling ("MS
// GRAPH CALLED WITH EXPIRED TOKEN", "DR CLINIC RANG"), where another
// everyday word is a family name ("MR PAGE CALLED", see capsNameAfter).
var capsThingWords = `
	issue ticket case cases status note notes test tests review reviews teams team office excel outlook
	word windows project access dynamics azure portal server database network printer laptop job jobs
	backup update upgrade patch release build deploy deployment failed failure success successful retry
	scheduled schedule nightly daily weekly monthly request department dept sales finance billing hr it
	business partner site drill merged merge approved commit branch sql edge onenote sharepoint onedrive
	intune exchange defender visio publisher authenticator
	clinic clinics practice surgery hospital pharmacy nurse nurses doctor doctors dentist vet reception
	receptionist admin administrator engineer developer driver courier plumber electrician builder landlord broker
	solicitor lawyer accountant insurer council school college university pipeline pipelines graph api token tokens
	bot script cron queue worker workers tests deploy bug bugs feature sprint backlog board jira github gitlab
	jenkins docker kubernetes cluster node pod db store forms planner lists bookings stream copilot bi automate
	apps recovery failover onboarding offboarding payroll recruiting recruitment training benefits absence sick
	file files record records audit compliance legal operations ops logistics warehouse purchasing procurement
	marketing controlling it-support helpdesk servicedesk desk paint men women kids boys girls
	problem problems error errors help support service services system online website app portal login
	password reset access card bank cash cheque transfer direct
`

// capsSpeakVerbs are the verbs after which an everyday word after "MR" or
// "MS" without a full stop is a family name ("MR PAGE CALLED", "MS SHORT
// EMAILED"): what a person does on the phone or in a letter.
var capsSpeakVerbs = `
	called rang phoned spoke said asked wants wanted complained emailed texted wrote paid left disputes disputed
`

// capsActVerbs are what a person does in a note, in the third person or
// the past, the verb right after a name: with one after it, an everyday
// word after a title is a family name after all ("MRS PAGE CALLED", "HERR
// KURZ RUFT AN", "SIG. APRILE HA CHIAMATO"; not after "MR", "MS", "DR"
// without a full stop, see capsNameAfter). capsAuxVerbs are the
// auxiliaries and copulas, which count so after a title of three letters
// or more ("HERR KURZ HAT ANGERUFEN", "MRS LANE IS VULNERABLE") and after
// a shorter one only before a participle of calling ("M. PAYE A APPELÉ";
// not "M. SIZE IS OUT OF STOCK"): see fullTitle.
var capsActVerbs = `
	called calls rang rings phoned phones spoke speaks said says asked asks wants wanted needs needed wishes
	requested requests complained complains disputes disputed queried queries paid pays owes owed emailed emails
	wrote writes texted left reported reports confirmed confirms agreed agrees refused refuses states stated
	explained explains mentioned visited came comes went moved lives lived cancelled cancels canceled chased
	returned sent sends received receives advised insists insisted promised accepted declined rejected claims
	claimed denies denied prefers believes thinks feels knows understands remembers forgot arrived
	ruft rief rufen wünscht wünschte möchte moechte will wollte bittet bat meldet meldete zahlt zahlte
	überweist überwies reklamiert reklamierte beschwert beschwerte kündigt kündigte bestätigt bestätigte
	braucht brauchte wartet wartete kommt kam fragt fragte sagt sagte schreibt schrieb wohnt lebt verlangt
	verlangte fordert forderte erklärt erklärte erhält erhielt bekommt bekam widerspricht widersprach
	storniert stornierte beantragt beantragte teilt teilte zieht zog
	appelle appelait rappelle rappelait demande demandait souhaite souhaitait veut voulait réclame réclamait
	conteste signale paie payé habite refuse refusé confirme confirmé explique informe précise exige relance
	belt belde belden vraagt vroeg wil wilde meldt meldde betaalt betaalde komt kwam woont zegt zei klaagt
	klaagde stuurt stuurde
	zadzwonił zadzwoniła dzwoni dzwonił dzwoniła prosi prosił prosiła chce chciał chciała reklamuje zapłacił
	zapłaciła zmienił zmieniła pyta pytał pytała mieszka zgłasza zgłosił zgłosiła odebrał odebrała
	chiama chiamato chiede chiedeva vuole voleva segnala paga pagato abita scrive reclama contesta disdice
	llama llamó quiere pide pidió pagó reclama vive escribe solicita solicitó dice dijo
`

var capsAuxVerbs = `
	is was has had will would can could may must
	hat hatte ist war wird kann muss soll
	a est était avait va
	heeft had is was zal kan moet
	ma miał miała jest był była
	ha aveva è era
	ha había está estaba
`

// capsNoNames are the words that stand after a title and name no one: no
// name was given ("MR UNKNOWN", "DHR. ONBEKEND"), or the title addresses
// a role, a neighbour or a widow ("FRAU DOKTOR", "HERR PFARRER", "MADAME
// VEUVE"), whose name may follow ("FRAU DOKTOR MEIER", "MADAME VEUVE
// LAURENT"). Not the roles that are family names too ("PASTOR", "OBER",
// "MUTTER"; "BIRGIT OBER REITER" is an OCR'd name).
var capsNoNames = `
	unknown unbekannt unbekannte onbekend inconnu inconnue sconosciuto sconosciuta desconocido desconocida
	nieznany nieznana anonymous anonym anonyme anoniem anonimo anónimo anonimowy anonimowa
	doktor doctor pfarrer pfarrerin kollege kollegin nachbar nachbarin chef chefin
	veuve widow witwe wdowa vedova viuda weduwe
`

// capsContentWords are the nouns, verbs, adjectives and adverbs of CRM
// notes, tickets, delivery notes and call logs, in the forms notes use.
// Given names that are everyday words too are here ("MARK AS RESOLVED",
// "FRANK FEEDBACK", "GRACE PERIOD", "BILL PAID"): in capitals such a word
// starts a name only before a family name, listed or no word of these
// lists ("GRACE O'MALLEY").
//
// Words that are common family names and seldom stand after a title or a
// given name as anything else are left out, so that they stay names
// there ("HERR KURZ", "FRAU PREIS", "HERR VATER", "HERR DEUTSCH": Kurz,
// Brief, Vater, Grau, Preis, Wunsch, Erbe, Geld, Schaden, Deutsch). Those
// kept ("POST", "HOPE", "PAGE" by its ending, "FIELD", "LONG") are names
// after a title or a given name before a verb, a family name or the
// value's end (capsTitledName, nameRest).
var capsContentWords = `
	call calls called calling callback ring rang rung phone phoned phoning spoke speak speaks spoken talk talked
	said say says ask asks asked tell told wrote write writes written email emailed mail mailed text texted
	reply replied answer answered answering voicemail message messages left leave leaving note notes noted
	want wants wanted need needed needing request requests requested requesting require required
	complain complains complained complaint complaints dispute disputes disputed query queries issue issues
	pay pays paid paying payment payments refund refunds refunded credit credited debit debited charge charges
	charged invoice invoices invoiced bill bills billed billing statement statements balance arrears debt
	account accounts order orders ordered delivery deliveries deliver delivered delivering dispatch dispatched
	parcel parcels package packages item items product products return returns returned collect collected
	collection cancel cancels cancelled canceled cancelling cancellation confirm confirms confirmed
	confirmation agree agreed agreement plan plans arrange arranged arrangement book booked booking visit
	visits visited appointment appointments engineer engineers technician repair repaired repairs fix fixed
	fault faults broken damaged damage missing lost found received receive sent send sending resend
	update updated updates change changed changes move moved moving moves transfer transferred transfers
	close closed closing open opened pending resolved resolve resolving solved escalate escalated escalation
	chase chased chasing follow followed followup review reviewed check checked checking verify verified
	process processed processing issued issue issuing approve approved declined decline rejected reject
	advise advised inform informed informs explain explained apologise apologised apologized thanks thank
	customer customers client clients tenant tenants caller user users member staff team manager supervisor
	agent neighbour neighbor son daughter wife husband mother father brother sister family widow executor
	property house flat address contact details number date time day days week weeks month months year years
	morning afternoon evening night am pm hour hours minute minutes today monday tuesday wednesday thursday
	friday saturday sunday weekend
	meter reading boiler heating water gas electric electricity power leak noise access key keys door
	price cost fee fees offer discount goodwill gesture voucher tariff contract contracts policy
	high low urgent priority normal full part partial late early overdue due long short wrong right good bad
	happy unhappy satisfied dissatisfied angry upset vulnerable deceased elderly disabled unable able
	yes no none all done sorted ok fine well again still never always same
	mark frank grace will bill rose june hope guy pat max per may young brown green
	white black gray grey summer autumn winter spring sunny street lane field fields
	period feedback boss wallet grill suit bags set kit box boxes unit units size
	colour color model version series edition pro plus ultra mini max air gold silver blue red pink
	bag sac sack tasche tas torba borsa bolso modelo modell modèle modello taille größe talla taglia maat rozmiar
	interpreter translates translate translator speaks language english french german spanish
	person persons people contact contactperson kontaktperson ansprechperson bezugsperson contactpersoon
	needs wants waits waiting needs disputes requests sends sent owes owe
	anruf angerufen anrufen ruft rief rufen rückruf rückrufe zurückrufen zurückgerufen telefonat telefoniert
	gespräch gesprochen sagt sagte gesagt meint meinte fragt fragte gefragt bittet bat gebeten schreibt
	schrieb geschrieben meldet meldete gemeldet melden informiert informierte beschwert beschwerte beschwerde
	reklamiert reklamierte reklamation wünscht wünschte möchte möchten will wollte braucht brauchte
	wartet wartete warten zahlt zahlte gezahlt bezahlt zahlung zahlungen überweist überwies überwiesen
	überweisung bestätigt bestätigte bestätigung storniert stornieren storno kündigt kündigte gekündigt
	kündigung kündigen vertrag verträge verlängert verlängerung umgezogen umzug zieht zog ziehen kommt
	kam kommen gekommen geht ging gehen erhalten erhält bekommen bekommt geschickt schickt schicken
	versendet versand verschickt geliefert liefert lieferung lieferungen lieferzeit lieferadresse
	abgegeben abgeholt abholung zugestellt zustellung übergeben unterschrieben erledigt offen geschlossen
	erreicht erreichbar nicht verstanden spricht sprechen versteht übersetzt dolmetscher verwaltet
	verstorben erben meldung gerät geräte defekt kaputt störung behoben repariert
	rechnung rechnungen mahnung mahnungen gutschrift guthaben betrag konto kunde kundin kunden bestellung
	auftrag aufträge termin termine rückfrage anfrage frage antwort unterlagen dokumente kopie
	ratenzahlung raten rate monatsende monat woche tag tage jahr uhr heute morgen abend abends
	vormittag nachmittag montag dienstag mittwoch donnerstag freitag samstag sonntag wochenende
	nachbar nachbarin nachbarn ehefrau ehemann sohn tochter mutter familie ehepaar eltern
	post telefon handy email e-mail adresse anschrift neue neuer neues alte alter
	dringend wichtig sauer verärgert zufrieden unzufrieden freundlich unfreundlich gut schlecht
	lange lang klein groß gross schwarz weiß weiss rot blau grün braun wenig viel mehr
	türkisch englisch polnisch übersetzt übersetzen
	daten papierrechnung vorbei gemeinsam zusammen selbst persönlich allein
	euro kosten gebühr wartezeit hotline service technik vertrieb buchhaltung
	wohnt wohnen lebt ist hat habe war kommt kommen geht
	call back tomorrow
	appel appelé appelée appeler appelle rappel rappeler rappelle rappelé téléphoné téléphone
	demande demandé demander souhaite souhaité veut voulait signale signalé réclame réclamé réclamation
	conteste contesté contestation litige payé paye paie paiera payer paiement paiements réglé régler
	remboursé remboursée remboursement facture factures prélèvement échéancier délai contrat résilier
	résiliation résilié reçu reçue recevoir envoyé envoyée envoyer livré livrée livraison colis commande
	client cliente clients mécontent mécontente satisfait joignable rendez-vous rdv concernant concerne
	panne technicien passe passera passé dossier courrier adresse nouvelle nouveau déménagement
	parti partis partie laissé laisser sans madame monsieur veuve fils fille mari femme
	est sont été était a ont mois semaine jour jours heure demain matin soir
	trois deux fois en attente urgent
	belt belde gebeld bellen terugbellen teruggebeld terug vraagt vroeg gevraagd zegt zei gezegd wil
	wilde klaagt klaagde klacht klachten betaalt betaalde betaald betaling betalingen betalingsregeling
	factuur facturen levering leveringen geleverd bezorgd bezorging opzeggen opgezegd opzegging
	verhuisd verhuizing adres nieuw nieuwe storing monteur onderdeel onderdelen wacht wachten komt komen
	kwam zaterdag langs akkoord voorstel ingediend klant klanten buren achterdeur gebruiken
	terugbetaling volgende week morgen vandaag
	dzwonił dzwoniła dzwoni zadzwonił zadzwoniła zadzwoni oddzwonić oddzwonienie prosi prosił prosiła
	chce chciał chciała reklamuje reklamacja reklamację złożyła złożył zapłacił zapłaciła zapłacić
	częściowo płatność faktura faktury fakturę korygującą korygująca umowa umowę umowy rozwiązać
	rozwiązana dostawa dostawę dostawy zamówienie zamówienia status pyta pytał pytała odbierze odbiera
	odebrała odebrał osobiście telefonu telefon zmienił zmieniła adres nowy nowa trzeci raz razy
	sprawie sprawa usterki usterka zgłoszenie klient klientka klienta pan pani państwo rozmowa
	kurier odbiór osobisty dla
	chiamato chiamata chiama richiama richiamare ha hanno pagato pagare pagamento rimborso chiede chiesto
	richiede segnalato segnala guasto vuole disdire disdetta contratto contesta addebito fattura fatture
	bolletta duplicato inviato inviati documenti ricevuto arrabbiata arrabbiato molto cliente clienti
	appuntamento trasloco trasferito consegna entro reclamo ritardo scritto conto parlato signora signor
	signore nato nata indirizzo nuovo nuova domani oggi mattina
	llamó llamado llama llamar llamada pagado pagó pago factura facturas recibo cobro duplicado solicita
	solicitó reclama reclamación quiere dar baja contrato pedido pedidos devolución cita pide mensaje
	dejó dos veces conforme presupuesto cliente clienta señor señora hablé habló sobre pregunta
	dirección nueva nuevo envío enviar entrega nombre nacido nacida mañana hoy
	states stated state explains explained mentions mentioned reports reported claims claimed insists insisted
	agrees agreed accepts accepted refuses refused denies denied promises promised expects expected prefers
	preferred believes believed thinks thought feels felt knows knew understands understood remembers forgot
	lives lived lives works worked goes went comes came gets got gives gave takes took makes made keeps kept
	sees saw looks looked seems seemed tries tried uses used pays owes sends receives returns visits checks
	confirms cancels changes moves requests disputes queries chases reminds reminded notified notifies
	waiting awaiting unhappy happy pleased annoyed frustrated confused worried concerned housebound unwell ill
	load weight width height length volume capacity stock parts part supplier suppliers vendor donation receipt
	geht ging kommt kam steht stand liegt lag sitzt saß bleibt blieb wird wurde gibt gab nimmt nahm macht machte
	sieht sah weiß wusste kennt kannte denkt dachte findet fand hält hielt lässt ließ bringt brachte zieht
	erklärt erklärte bestätigt verlangt verlangte fordert forderte erwartet erwartete bekommt bekam erhält
	benötigt benötigte braucht brauchte hofft hoffte glaubt glaubte versteht verstand vergisst vergaß
	lehnt lehnte akzeptiert akzeptierte widerspricht widersprach droht drohte klagt klagte bemängelt
	moniert monierte storniert stornierte widerruft widerrief wechselt wechselte ändert änderte schickt
	hinterlässt hinterließ verweigert verweigerte übernimmt übernahm kümmert kümmerte erkundigt erkundigte
	moechte mochte koennen kann muss musste soll sollte waere wäre haette hätte
	gaat ging komt kwam staat stond ligt lag zit zat blijft bleef doet deed maakt maakte ziet zag weet wist
	geeft gaf neemt nam krijgt kreeg stuurt stuurde vindt vond denkt dacht hoopt hoopte verwacht eist eiste
	weigert weigerde accepteert meldt meldde bevestigt bevestigde zegt vraagt wil kan moet mag zal zou
	betaalt belt stuurt heeft hebben is zijn was waren wordt werd
	va vient venait part partait reste restait fait faisait dit disait prend prenait donne donnait met mettait
	voit voyait sait savait croit croyait pense pensait trouve trouvait attend attendait refuse refusé accepte
	accepté explique expliqué indique indiqué précise précisé confirme confirmé annule annulé envoie envoyé
	reçoit souhaite souhaitait exige exigé menace menacé relance relancé informe informé insiste insisté
	vuole voleva va andava viene veniva resta restava fa faceva dice diceva prende prendeva dà dava mette
	vede sa crede pensa trova aspetta rifiuta accetta spiega conferma annulla manda invia riceve chiede insiste
	minaccia sollecita informa paga pagava deve doveva può poteva
	va iba viene venía queda quedaba hace hacía dice decía toma tomaba da daba pone ve sabe cree piensa
	encuentra espera rechaza acepta explica confirma anula manda envía recibe pide insiste amenaza informa
	paga pagaba debe debía puede podía está estaba tiene tenía
	idzie szedł przyjdzie przyszedł przyjechał przyjechała stoi leży siedzi zostaje został została robi zrobił
	zrobiła mówi powiedział powiedziała wie wiedział myśli sądzi czeka czekał czekała odmawia odmówił odmówiła
	akceptuje wyjaśnia potwierdza potwierdził potwierdziła anuluje wysyła wysłał wysłała otrzymał otrzymała
	dostał dostała prosi pyta żąda grozi informuje płaci zapłaci musi może chce chciałby chciałaby ma miał
	miała jest był była będzie
	mix line lines magazine magazin magazyn rivista revista trip tickets dvd season cakes pack
	reception rezeption receptie recepción recepcja reception limpieza
`
