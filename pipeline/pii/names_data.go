package pii

// givenNames are common given names in German, French, Dutch, Polish,
// English, Spanish, Italian, Portuguese and Nordic use, and (the last
// lines) of the Turkish, Arabic and Maghrebi, Greek (in Latin letters and
// Greek), Russian, Ukrainian and Bulgarian (in Latin letters and
// Cyrillic), Romanian and Vietnamese customers of European CRMs. Compact
// on purpose: they are evidence, combined with capitalisation, context and
// column hints. Names that are everyday words in one of the languages
// above, or in their own, are left out: Turkish Can, Cem (Portuguese
// "hundred"), Eren (Dutch "to honour"), Burak (Polish "beetroot"), Nur
// (German "only"); Arabic Said; Greek Ilias (German "Iliad"), Georgia,
// Paraskevi (Friday), Despina (lady); Russian and Ukrainian Taras (Polish
// "terrace"), Maxim, Marina (in Latin letters), Roman, Vera, Nadezhda,
// Lyubov (novel, faith, hope, love); Romanian Ion, Anca (Italian "hip"),
// Bianca; Vietnamese names that are words without their marks (Long, Nam,
// Lan, Mai, Hung, Dung, Hai, Son, Tam, Ha, Huy, Viet, Van) or name places
// as often (Minh of Ho Chi Minh City, Quang and Bình of provinces, Hà of
// Hà Nội, Hải of Hải Phòng, Sơn of Sơn La). Names spelt with marks are
// also found as typed without them (unaccented: "Tuấn" as "tuan", "Ionuț"
// as "ionut"); see accentedGiven for the Vietnamese names whose plain form
// is another word. Polish puts a name after "z", "od", "do", "dla" and
// "przez" in a case of its own: the genitive, instrumental and dative of
// the commonest are listed ("z Piotrem", "do Ewy", "od Bartka"; the
// feminine instrumental "z Anną" is found unaccented); not "Marka" (a
// brand), "Ani" (neither) nor "Kuby" (of Cuba).
var givenNames = `
jacek janusz jarosław artur arkadiusz waldemar krystian franciszek ireneusz zenon eugeniusz witold radosław tymoteusz
bogusław włodzimierz zygmunt władysław bolesław mieczysław lucjan szczepan cezary oliwer jędrzej remigiusz teodor marian
wacław bronisław feliks ludwik longin helena patrycja martyna genowefa mariola jagoda bogumiła żaneta mirosława czesława
władysława kazimiera leokadia bronisława stefania ilona klaudia marzena roksana bogusława eugenia henryka józefa
zdzisława ludmiła elwira honorata jowita kornelia bernadeta felicja franciszka
kasia gosia basia ania magda zosia marysia tomek bartek
pawła piotra krzysztofa andrzeja tomasza michała marcina grzegorza łukasza adama zbigniewa jerzego
tadeusza mateusza dariusza mariusza wojciecha ryszarda jakuba kazimierza anny marii katarzyny
małgorzaty agnieszki barbary krystyny elżbiety zofii teresy magdaleny joanny janiny moniki danuty
jadwigi aleksandry haliny ireny beaty doroty karoliny grażyny natalii jolanty urszuli weroniki
piotrem pawłem krzysztofem andrzejem tomaszem michałem marcinem grzegorzem łukaszem adamem markiem jakubem mateuszem
kamilem maciejem dariuszem rafałem bartkiem tomkiem wojciechem januszem jackiem szymonem piotrowi pawłowi markowi
tomaszowi michałowi bartka tomka macieja rafała jacka szymona ewy kasi marty basi gosi magdy zosi pauliny justyny ewie
anna maria emma mia hannah hanna sophie sofia lena lea leonie laura julia lisa sarah sara katharina johanna marie luisa
lina clara klara paula charlotte amelie emilia ella nele jana nina eva vanessa jessica jennifer sabine petra monika
ursula renate gabriele andrea claudia susanne birgit heike karin brigitte ingrid helga gisela erika christa elke anja
silke tanja stefanie nicole melanie sandra kerstin martina barbara angelika doris inge ute christine daniela katrin
alexander maximilian max paul leon lukas luca felix jonas elias noah ben finn tim tom jan jannik niklas moritz julian david
philipp simon fabian florian tobias sebastian matthias michael thomas andreas stefan stephan christian markus marcus
martin peter frank klaus jürgen juergen uwe wolfgang dieter werner horst helmut gerhard manfred bernd rainer ralf
jörg joerg dirk sven torsten thorsten holger olaf kai jens lars heinz hans karl friedrich wilhelm hermann otto
günter guenter detlef volker norbert reinhard hartmut lothar sascha dennis marcel kevin patrick benjamin daniel
anton jakob leni frieda günther guenther steffi susi gabi conny andi tobi
jean pierre michel philippe alain nicolas françois francois jacques bernard patrice christophe laurent sébastien
sebastien julien mathieu matthieu antoine hugo louis lucas théo theo gabriel arthur raphaël raphael jules léo
marie nathalie isabelle sylvie catherine françoise francoise christine valérie valerie sandrine céline celine
aurélie aurelie camille chloé chloe manon léa inès ines louise juliette océane oceane élodie elodie amélie
mathilde margaux pauline delphine stéphanie stephanie véronique veronique brigitte monique dominique
anaïs anais nathan clément clement kévin gaëlle gaelle joël joel mickaël mickael maël mael héloïse heloise
alexandre fabien grégory ludovic yann arnaud capucine apolline agathe anaëlle anaelle axelle bérénice
berenice coralie estelle lætitia laetitia morgane ophélie ophelie perrine salomé salome séverine severine
tiphaine yasmine
jan pieter piet kees henk gerrit johannes willem dirk bas bram daan sem thijs ruben jeroen joost maarten niels
koen sander wouter stijn lieke sanne anouk femke fleur iris lotte lieve noor roos saskia marieke ingrid annemarie
inge ilse mieke marloes esther tessa evi yara fenna julia emma
margriet eline janneke annemieke klaas geert jort siem esmee
michiel maurits frederik jacobus adriaan govert lodewijk reinier huib tjeerd wiebe
piotr krzysztof andrzej tomasz paweł pawel michał michal marcin jakub grzegorz łukasz lukasz adam mateusz
marek wojciech kamil maciej dariusz rafał rafal jerzy tadeusz mirosław zbigniew bartosz szymon
agnieszka katarzyna małgorzata malgorzata joanna magdalena monika barbara ewa krystyna elżbieta elzbieta
zofia aleksandra natalia karolina dorota beata halina jadwiga grażyna grazyna weronika zuzanna wiktoria
james john robert william richard joseph charles christopher matthew anthony mark donald steven paul andrew
joshua kenneth george edward brian ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen
larry justin scott brandon gregory samuel frank raymond alexander patrick jack oliver harry charlie oscar
george thomas henry freddie alfie archie arthur theo leo joshua
mary patricia linda elizabeth susan margaret dorothy lisa nancy karen betty helen sandra donna carol ruth
sharon michelle laura emily kimberly deborah amy angela melissa rebecca stephanie amanda olivia isla ava
grace poppy jessica lily sophia isabella evie ruby ella scarlett freya chloe
josé jose antonio manuel francisco juan javier iker carlos miguel rafael pedro alejandro fernando pablo jorge
alberto luis sergio diego álvaro alvaro raúl raul adrián adrian iván ivan
carmen josefa isabel dolores pilar teresa ana lucía lucia mercedes rosa cristina paula elena raquel marta
silvia beatriz nuria rocío rocio
giuseppe giovanni francesco mario luigi roberto stefano marco alessandro andrea matteo lorenzo leonardo
riccardo davide simone federico gabriele fabio paolo massimo claudio salvatore vincenzo
giulia francesca chiara federica valentina alessia martina giorgia sara elisa silvia paola rosa
joão joao miguel tiago rodrigo duarte afonso gonçalo goncalo beatriz inês mariana leonor matilde
lars erik anders johan per nils karl olof mikael magnus henrik bjørn bjorn sven jens søren soren mads
ingrid astrid sigrid linnea elin maja ebba freja kirsten mette hanne ida liv saga matti juha mikko jukka timo
aino eino onni helmi
benoît benoit hélène helene sofía sofia rené rene andré andre zoé zoe noé maëlle maelle gaël gael jérôme jerome amelia ava isla poppy evie harper aurora alice beatrice ginevra aurora tess noa luuk lotte daan julia
björn bjorn rui nuno pedro tomás tomas vasco hugo gonçalo diogo catarina sofia inês beatriz carolina joana
oskar oscar axel elsa alma wilma selma ebba alva signe linnea tove jonna aleksander szymon filip antoni
hanna wiktor igor oliwia maja lena amelie mila clara frida greta ida jasper jesper mats tobias emil viktor
elin klara stina albin hugo vincent thea nora olivia leah amelia elena chiara aurora anna giorgia emma
alessandro gabriele tommaso edoardo diego jacopo manuel nicolò nicolo pietro samuele
lucía martina valeria daniela carla alba noa julia sara irene claudia nerea andrea adriana
hugo martín mateo leo enzo dylan marco izan álex alex bruno daniel nicolás nicolas gonzalo
mohammed mohamed ahmed ali mehmet mustafa fatma ayşe ayse emine fatima yusuf ibrahim hasan hüseyin
frédéric frederic stéphane stephane maxime mathis loïc loic solène solene danielle émilie emilie josiane
corinne martine nicole annie yvette gilles olivier didier thierry pascal fabrice cédric cedric damien benoît guillaume
arjen ruud teun sjoerd hendrik cornelis gerrit jacob kees geertruida hendrika wilhelmina cornelia annemiek
elisabeth johanna femke bart rob henk hans marco
przemysław przemyslaw sławomir slawomir mariusz stanisław stanislaw kazimierz ryszard henryk józef jozef
danuta urszula iwona agata teresa bożena bozena renata sylwia marianna wanda
catriona claire gemma siobhan eilidh niamh rhys priya arjun connor callum gareth aoife ciara fiona kirsty
isla rory lewis ewan megan bethan chantal nadège nadege yannick anne sophie aurore laetitia
christoph sabrina nadine kathrin carina marion hannelore waltraud gerda lieselotte dominik uta ralf
julie nigel alistair declan aisha jade kwame holly ellie zoe liam ethan mason logan harvey aidan owen
colin graham keith neil ian alan barry craig darren dean derek duncan fraser gavin gordon hamish jamie
kieran lee phil ross roy russell shaun stuart trevor wayne alison anne beth caroline debbie diane elaine
gillian hayley heather jackie jane janet jenny jill joanne kate katie kelly leanne lindsey lorraine lucy
lynn natalie nicola rachel sally sheila tracey vicky wendy yvonne
dave steve chris tony pete andy danny jake jim joe ollie rick jess liz lizzie nikki mandy becky
agnès agnes hervé herve noémie noemie mélanie melanie léna maëlys maelys lucie élise elise margot clémence
clemence justine laure laurence virginie karine sylvain jérémy jeremy romain adrien thibault quentin
baptiste xavier yves luc marc serge denis claude gérard gerard frédérique frederique christelle
mirjam ellen levi annika milan luuk jelle rik freek gijs hidde job pim rutger sjors tijn wessel maud merel
nienke renske vera willemijn wilma harm jos
bartłomiej bartlomiej kacper karol dawid patryk damian konrad hubert mikołaj mikolaj zdzisław zdzislaw
czesław czeslaw bogdan leszek roman wiesław wieslaw alicja dominika edyta ewelina gabriela izabela
jolanta justyna kamila kinga lidia milena olga paulina wioletta aneta anita irena janina lucyna
stanisława stanislawa wiesława wieslawa
geneviève genevieve colette odette huguette jacqueline simone suzanne madeleine marguerite josette
ginette micheline paulette denise bernadette annick béatrice beatrice florence ghislaine laëtitia
joris sjaak gert wim ton
rüdiger ruediger jutta franziska bärbel baerbel dagmar gudrun hildegard irmgard roswitha sieglinde
ingeborg edeltraud elfriede annegret rosemarie marianne reinhold gottfried siegfried eberhard ulrich
bernhard burkhard ekkehard jochen joachim lutz rolf wilfried winfried
sean seán conor ciaran ciarán padraig pádraig sinead sinéad orla niall eoin dermot declan cathal colm ronan
darragh cian oisin oisín fionn tadhg donal dónal eamon eamonn liam shane gearoid gráinne grainne niamh roisin
róisín aisling caoimhe clodagh deirdre mairead máiréad nuala una úna bridget brid bríd saoirse eimear ailbhe
dafydd ffion rhys gethin owain iwan llyr emyr gwyn bethan cerys eleri nia rhiannon sian siân angharad gwen
megan carys stacey kayleigh leanne kirsty gemma kelly hayley danielle brendan fergal kieran
seamus séamus
ahmet ismail osman murat ömer ramazan halil süleyman abdullah mahmut recep fatih emre hakan kemal yasin kerem oğuz
selim hatice zeynep elif meryem zehra merve özlem esra yasemin büşra derya ebru hülya leyla
muhammad mohammad mehdi karim youssef abdelkader omar hamza hassan hussein khalid khaled rachid samir nabil mustapha
bakr abubakar abubakr
mourad farid hicham yassine amine ayoub bilal walid zakaria sofiane amina aïcha khadija zineb samira malika naima
meriem leila yasmina yasmin salma imane nadia
giorgos georgios dimitrios dimitris konstantinos kostas ioannis giannis nikolaos nikos panagiotis vasileios vasilis
christos athanasios evangelos spyros stavros theodoros eleni aikaterini katerina vasiliki angeliki dimitra ioanna
christina anastasia eirini
γιώργος γεώργιος δημήτρης δημήτριος κωνσταντίνος κώστας ιωάννης γιάννης νίκος νικόλαος παναγιώτης βασίλης χρήστος
ευάγγελος ελένη μαρία αικατερίνη κατερίνα βασιλική σοφία αγγελική δήμητρα ιωάννα χριστίνα αναστασία ειρήνη άννα
aleksandr oleksandr aleksei alexei andrei andrey andriy sergei sergey dmitri dmitry dmytro vladimir volodymyr nikolai
mykola mikhail yevgeny evgeny oleg yuri pavel maksim artem georgi dimitar hristo olena tatiana tatyana irina iryna
svetlana ekaterina kateryna yulia yuliya anastasiya lyudmila galina oksana viktoria daria desislava
александр олександр алексей андрей андрій сергей сергій дмитрий дмитро владимир володимир иван іван николай микола
михаил евгений євген виктор віктор олег юрий павел игорь максим артём денис антон петр петро георги димитър христо
богдан елена олена анна мария марія ольга татьяна тетяна наталья наталія ирина ірина светлана екатерина юлия юлія
анастасия людмила галина оксана виктория дарья евгения євгенія десислава марина
gheorghe vasile constantin mihai alexandru nicolae dumitru ioan florin cristian ionuț răzvan cătălin sorin ciprian
lucian marius valentin dragoș radu cosmin ioana andreea mihaela georgiana nicoleta simona ramona roxana raluca oana corina
thị anh hoa linh hương tuấn trang thảo phương khánh thủy hạnh hiếu thành ngọc hiền nhung xuân quỳnh cường
`

// accentedGiven and accentedSurnames are Vietnamese names that are other
// words without their marks ("Văn" is Dutch "van", "Lê" French "le", "Vũ"
// "vu", "Đỗ" Portuguese "do", "Bùi" Dutch "bui"): found only as spelt
// with them, not also unaccented as names' lists are (see words), nor by
// their places when a character is lost (lostWords).
var accentedGiven = `văn`

var accentedSurnames = `lê vũ võ đỗ ngô đặng lý bùi`

// surnames are common family names in the same languages.
var surnames = `
adamski baranowski borkowski chmielewski czarnecki domański gajewski głowacki jakubowski jasiński kaczmarczyk kalinowski
kaźmierczak kowalewski kołodziej kołodziejczyk krajewski kubacki kubiak kucharski laskowski maciejewski makowski
marciniak mazurek nowacki pietrzyk przybylski sadowski sawicki sikorski sobczak sokołowski szczepański szulc tomczak
urbański wasilewski wilczyński wysocki włodarczyk zakrzewski zawadzki ziółkowski
müller mueller schmidt schneider fischer weber meyer meier wagner becker schulz hoffmann schäfer schaefer koch
bauer richter klein wolf schröder schroeder neumann schwarz zimmermann braun krüger krueger hofmann hartmann
lange schmitt werner schmitz krause lehmann schmid schulze maier köhler koehler herrmann könig koenig walter
mayer huber kaiser fuchs peters lang scholz möller moeller weiß weiss jung hahn schubert vogel friedrich keller
günther guenther frank berger winkler roth beck lorenz baumann franke albrecht schuster simon ludwig böhm boehm
winter kraus martin schumacher krämer kraemer vogt stein jäger jaeger otto sommer groß gross seidel heinrich
brandt haas schreiber graf schulte dietrich ziegler kuhn kühn kuehn pohl engel horn busch bergmann thomas voigt
sauer arnold wolff pfeiffer
martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent lefebvre michel garcia david
bertrand roux vincent fournier morel girard andré andre lefèvre lefevre mercier dupont lambert bonnet françois
francois martinez legrand garnier faure rousseau blanc guerin guérin muller henry roussel nicolas perrin morin
mathieu clement clément gauthier dumont lopez fontaine chevalier robin masson sanchez gerard gérard nguyen boyer
giraud brunet leroux vidal caron picard fabre aubert lemoine renaud dumas lacroix
payet rolland leclerc leclercq lecomte dupuy guillot carpentier dupuis deschamps huet vasseur royer jacquet
marty aubry guyot ménard menard maillard bertin prévost prevost perrot langlois besson pelletier
lévêque leveque leblanc lebrun marchal hamon monnier michaud guichard gillet grondin tessier chevallier collin
chauvin bouchet bénard benard humbert reynaud hoarau perret barthélemy barthelemy cordier pichon
lejeune delaunay carlier laporte brochard
kuipers kuiper kuijpers veenstra scholten postma timmermans gerritsen jonker willemsen smeets driessen
hermans evers hofman bosman wolters molenaar verbeek
brzeziński czerwiński kozieł
denis lemaire duval joly gautier roger roche roy noel noël meyer lucas meunier jean perez marchand dufour blanchard
de jong jansen de vries van den berg van dijk bakker janssen visser smit meijer de boer mulder de groot bos vos
peters hendriks van leeuwen dekker brouwer de wit dijkstra smits de graaf van der meer van der linden kok jacobs
de haan vermeulen van den heuvel van der veen van den broek de bruijn de bruin van der heijden schouten van beek
willems van vliet van de ven hoekstra maas verhoeven koster van dam van der wal prins blom huisman peeters
maes claes goossens wouters de smet
nowak kowalski kowalska kamińska kaminska nowakowska lewandowska zielińska zielinska szymańska szymanska
woźniak wozniak dąbrowska dabrowska kozłowska kozlowska jankowska mazur wojciechowska kwiatkowska kaczmarek
piotrowska grabowska pawłowska pawlowska michalska wieczorek jabłońska jablonska nowicka majewska olszewska wiśniewski wisniewski wiśniewska wójcik wojcik kowalczyk kamiński kaminski lewandowski
lewandowska zieliński zielinski szymański szymanski woźniak wozniak dąbrowski dabrowski kozłowski kozlowski
jankowski mazur wojciechowski kwiatkowski krawczyk kaczmarek piotrowski grabowski zając zajac pawłowski
pawlowski michalski król krol wieczorek jabłoński jablonski wróbel wrobel nowakowski majewski olszewski
stępień stepien malinowski jaworski adamczyk dudek nowicki pawlak górski gorski witkowski walczak sikora
baran rutkowski michalak szewczyk ostrowski tomaszewski pietrzak zalewski wróblewski wroblewski
smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson wright walker white
edwards hughes green hall lewis harris clarke patel jackson wood turner martin cooper hill ward morris moore
clark lee king baker harrison morgan allen james scott phillips watson davis parker price bennett young griffiths
mitchell kelly cook carter richardson bailey collins bell shaw murphy miller cox richards khan marshall anderson
simpson ellis adams singh begum wilkinson foster chapman powell webb rogers gray grey mason ali hunt hussain
campbell matthews owen palmer holmes mills barnes knight lloyd butler russell barker fisher stevens jenkins
murray dixon harvey o'brien obrien o'connor byrne ryan walsh o'sullivan mccarthy doyle kennedy lynch
garcía garcia gonzález gonzalez rodríguez rodriguez fernández fernandez lópez lopez martínez martinez sánchez
sanchez pérez perez gómez gomez martín jiménez jimenez ruiz hernández hernandez díaz diaz moreno muñoz munoz
álvarez alvarez romero alonso gutiérrez gutierrez navarro torres domínguez dominguez vázquez vazquez ramos
gil ramírez ramirez serrano blanco molina morales suárez suarez ortega delgado castro ortiz rubio marín marin estrada alameda
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti de luca mancini costa
giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi caruso ferrara galli martini leone
longo gentile martinelli vitale lombardo serra coppola de santis d'angelo
silva santos ferreira pereira oliveira costa rodrigues martins jesus sousa fernandes gonçalves goncalves gomes
lopes marques alves almeida ribeiro pinto carvalho teixeira moreira correia
hansen johansen olsen larsen andersen pedersen nielsen kristiansen jensen karlsen johnsen pettersen eriksen
berg haugen hagen johannessen andersson johansson karlsson nilsson eriksson larsson olsson persson svensson
gustafsson pettersson jonsson lindberg lindström korhonen virtanen mäkinen nieminen mäkelä hämäläinen laine
heikkinen koskinen järvinen
davies evans wilson jones martinez ricci bianchi romano gallo greco marino bruno rossi
karlsson nilsson lindqvist lindgren bergström bergstrom sandberg forsberg sjöberg sjoberg holm lund
weizsäcker weizsacker márquez marquez pereira ferreira santos costa sousa
yılmaz yilmaz kaya demir şahin sahin çelik celik yıldız yildiz öztürk ozturk aydın aydin özdemir ozdemir arslan
duda kramer bouzid el amrani ijzerman smit de graaf mcdonald macleod ap rhys saint-just le goff lemaître lemaitre
da silva szczęsny szczesny zalewski ndiaye n'diaye diallo traoré traore
gallagher fitzgerald fitzpatrick quinn doherty docherty brennan nolan kavanagh macdonald mcdonagh o'neill oneill
o'reilly oreilly o'donnell odonnell o'mahony omahony o'shea oshea o'callaghan ocallaghan o'keeffe okeeffe
o'leary oleary o'connell oconnell o'donovan odonovan o'driscoll odriscoll o'halloran mcgrath mcmahon mcnamara
mclaughlin mcguinness mcevoy mckenna mcloughlin mulligan flanagan hennessy keane kearney kehoe
kinsella lenihan maguire mooney moran nugent rafferty reilly sheehan sweeney tierney whelan farrell cullen
dunne dempsey foley hayes healy hogan hurley lyons maher malone power regan ahern burke cassidy connolly
corcoran costello daly dolan duffy egan fahy fallon gorman griffin hanlon higgins keogh lawlor mahon
morrissey mulcahy noonan phelan sheridan tobin twomey
llewellyn llywelyn pritchard prosser powell price pugh rees vaughan bevan griffiths howells jenkins lloyd
meredith morgan parry rowlands
doğan kılıç aslan çetin özkan şimşek polat erdoğan yavuz aktaş
haddad mansour khalil benali cherif belkacem idrissi alaoui bennani
papadopoulos papadopoulou papadakis georgiou pappas oikonomou nikolaidis dimitriou ioannou antoniou christodoulou
papageorgiou karagiannis konstantinidis
παπαδόπουλος παπαδοπούλου παπαδάκης γεωργίου παππάς παππά οικονόμου νικολαΐδης δημητρίου ιωάννου αντωνίου
χριστοδούλου παπαγεωργίου καραγιάννης
ivanov ivanova petrov petrova smirnov smirnova kuznetsov kuznetsova popov popova shevchenko boyko kovalenko
bondarenko tkachenko kovalchuk kravchenko melnyk lysenko georgiev georgieva dimitrov dimitrova nikolov stoyanov
todorov hristov
иванов иванова петров петрова смирнов смирнова кузнецов кузнецова попов попова шевченко бойко коваленко бондаренко
ткаченко ковальчук кравченко мельник лисенко георгиев георгиева димитров димитрова николов стоянов тодоров христов
popescu ionescu dumitrescu constantinescu stoica munteanu ciobanu florea nistor stanciu rusu gheorghiu dumitru
nguyễn trần phạm hoàng huỳnh phan dương trương đinh
`
