"""The French and English words the extraction rules look for, kept apart from the rules themselves.

Phrases are written as people write them; the matchers compare them token by token after
folding case and accents (see pipeline.fold), so 'Ratifié' and 'ratifie' meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CHAMBERS", "LEXICONS", "Lexicon"]

# Verb-form tags: how a trigger word was inflected, which decides whether it reports a done act.
FIN, PART, INF, FUT, NOUN, BASE = "fin", "part", "inf", "fut", "noun", "base"


def _er(stem: str, *, fut_stem: str | None = None) -> dict[str, str]:
    """Inflect a regular French -er verb into its forms, tagged by what they say about time."""
    forms = {stem + e: FIN for e in ("e", "es", "ent", "ons", "ez", "a", "ait", "aient", "èrent", "ant", "ât")}
    forms.update({stem + e: PART for e in ("é", "ée", "és", "ées")})
    forms[stem + "er"] = INF
    fut = fut_stem or stem + "er"
    forms.update({fut + e: FUT for e in ("a", "as", "ont", "ai", "ais", "ait", "aient", "ons", "ez")})
    return forms


def _forms(tag_map: dict[str, list[str]]) -> dict[str, str]:
    return {form: tag for tag, forms in tag_map.items() for form in forms}


def _with(forms: dict[str, str], suffix: str) -> dict[str, str]:
    return {f"{form} {suffix}": tag for form, tag in forms.items()}


@dataclass(frozen=True)
class Lexicon:
    """Everything language-specific the rules need, for one language."""

    lang: str
    # phrase -> (event type, verb-form tag)
    triggers: dict[str, tuple[str, str]]
    # verbs that lend their act to a following event noun ("a entériné la ratification"); phrase -> (fallback type or "", tag)
    support: dict[str, tuple[str, str]]
    # nouns for a law or decree, whose signing or adoption ratifies ("la loi de ratification")
    laws: frozenset[str]
    # agreement head nouns -> the kind the noun alone implies ("" = none)
    heads: dict[str, str]
    # pronouns that stand for an earlier agreement in a replacement clause ("celui conclu en 2001")
    pronoun_heads: frozenset[str]
    # nouns that name an agreement only when they refer back to one ("ce texte", "the document")
    anaphors: frozenset[str]
    # kind phrases -> agreement kind
    kinds: dict[str, str]
    # domain phrases -> (domain, English provision phrase)
    domains: dict[str, tuple[str, str]]
    provision_verbs: frozenset[str]
    domain_cues: frozenset[str]
    defence_cues: frozenset[str]
    civil_cues: frozenset[str]
    similar: frozenset[str]
    separate: frozenset[str]
    new: frozenset[str]
    replaces: frozenset[str]
    replaced_by: frozenset[str]
    negators: frozenset[str]
    weak_negators: frozenset[str]           # French 'ne': a negation only with pas/jamais/aucun...
    modal: frozenset[str]
    infinitive_markers: frozenset[str]      # 'to' before an English base form
    recent_past: frozenset[str]             # 'vient de' + infinitive reports a done act
    other_documents: frozenset[str]         # nouns a signing verb may take that are not agreements
    boundaries: frozenset[str]              # words that open a new clause
    asides: frozenset[str]                  # words that open a comparison or background segment
    between: frozenset[str]
    with_: frozenset[str]
    agent: frozenset[str]
    locative: frozenset[str]
    geo_features: frozenset[str]
    both: frozenset[str]                    # 'les deux pays': the parties already in focus
    definite: frozenset[str]
    indefinite: frozenset[str]
    subject_pronouns: frozenset[str]
    skippable: frozenset[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    date_parts: dict[str, str]              # 'début' -> early ... 'fin 2023' keeps the year only
    year_preps: frozenset[str]
    relative_dates: dict[str, tuple[str, int]]   # phrase -> (unit, offset)
    ordinal_suffixes: tuple[str, ...] = field(default=())
    # reporting verbs ('a indiqué mercredi', 'said on Friday'): a date after one is the report's, not the event's
    reporting: frozenset[str] = field(default=frozenset())
    # 'dès sa signature', 'upon signature': an entry into force dated by the signing
    at_signing: frozenset[str] = field(default=frozenset())
    # words that make a negotiation noun a held or finished negotiation ('négociations achevées', 'talks held')
    completed: frozenset[str] = field(default=frozenset())
    # nouns of intent between an announcement and a signing infinitive ('announced plans to conclude')
    intent: frozenset[str] = field(default=frozenset())
    # possessives that name the agreement's holder ('its agreement with the UN'): the subject of the last sentence
    possessives: frozenset[str] = field(default=frozenset())
    # dates counted from the event told just before ('la veille', 'two days later'): phrase -> days
    anchored: dict[str, int] = field(default_factory=dict)


# --- French -------------------------------------------------------------------------------

# States whose capital is the seat of organisations: 'Brussels and Nouakchott signed ... the European
# Union's first such arrangement' names the EU by its seat, not Belgium (state id -> organisation ids).
SEATS: dict[str, frozenset[str]] = {
    "BEL": frozenset({"EU", "NATO"}),
    "ETH": frozenset({"AFRICAN-UNION"}),
    "NGA": frozenset({"ECOWAS"}),
}

_FR_SIGN = {**_er("sign"), **_er("paraph"), "signature": NOUN, "paraphe": NOUN, "paraphes": NOUN,
            **_forms({PART: ["conclu", "conclue", "conclus", "conclues"],
                      FIN: ["conclut", "concluent", "conclurent", "concluait", "concluaient", "concluant"],
                      INF: ["conclure"],
                      FUT: ["conclura", "concluront", "conclurait", "concluraient"],
                      NOUN: ["conclusion"]})}
_FR_RATIFY = {**_er("ratifi"), "ratification": NOUN}
_FR_APPROVE = {**_er("approuv"), "approbation": NOUN}
_FR_ENTER = {**_er("entr"), "entrée": PART, "entrées": PART}
_FR_IN_FORCE = {**_with(_FR_ENTER, "en vigueur"), "en vigueur depuis": FIN, "est en vigueur depuis": FIN}
_FR_DENY = {**_forms({FIN: ["dément", "démentent", "démentait", "démentaient", "démentit", "démentirent", "démentant"],
                      PART: ["démenti", "démentie", "démentis", "démenties"],
                      INF: ["démentir"], FUT: ["démentira", "démentiront", "démentirait"]}),
            **_er("ni"), **_er("réfut"), "démenti formel": NOUN}
_FR_SUSPEND = {**_forms({FIN: ["suspend", "suspendent", "suspendait", "suspendit", "suspendant"],
                         PART: ["suspendu", "suspendue", "suspendus", "suspendues"],
                         INF: ["suspendre"], FUT: ["suspendra", "suspendront", "suspendrait"]}),
               "suspension": NOUN}
_FR_END = {**_er("dénonc", fut_stem="dénoncer"), "dénonçait": FIN, "dénonçant": FIN, "dénonça": FIN,
           **_er("résili"), **_er("abrog"), "dénonciation": NOUN, "résiliation": NOUN, "abrogation": NOUN,
           **_forms({FIN: ["met fin", "mettent fin", "mettait fin", "mit fin"], PART: ["mis fin"],
                     INF: ["mettre fin"], FUT: ["mettra fin", "mettront fin", "mettrait fin"]}),
           **_forms({FIN: ["a pris fin", "ont pris fin", "prend fin", "prennent fin", "prenait fin", "prit fin"],
                     PART: ["pris fin"], INF: ["prendre fin"], FUT: ["prendra fin", "prendront fin", "prendrait fin"]})}
_FR_NEGOTIATE = {**{k: v for k, v in _er("négoci").items() if v in (PART, FUT, INF)},
                 "négociations": NOUN, "négociation": NOUN, "pourparlers": NOUN}

FRENCH = Lexicon(
    lang="fr",
    triggers={
        **{f: ("signed", t) for f, t in _FR_SIGN.items()},
        **{f: ("ratified", t) for f, t in _FR_RATIFY.items()},
        **{f: ("approved", t) for f, t in _FR_APPROVE.items()},
        **{f: ("in-force", t) for f, t in _FR_IN_FORCE.items()},
        **{f: ("denied", t) for f, t in _FR_DENY.items()},
        **{f: ("suspended", t) for f, t in _FR_SUSPEND.items()},
        **{f: ("ended", t) for f, t in _FR_END.items()},
        **{f: ("negotiated", t) for f, t in _FR_NEGOTIATE.items()},
    },
    support={
        **{f: ("approved", t) for f, t in {**_er("entérin"), **_er("adopt"), **_er("valid")}.items()},
        **{f: ("", t) for f, t in {**_er("vot"), **_er("finalis"), **_er("officialis"), **_er("confirm"),
                                    **_er("promulgu"), **_er("célébr"), **_er("achev", fut_stem="achèver"),
                                    **_er("parachev", fut_stem="parachèver"), **_er("act")}.items()},
        **{f: ("announced", t) for f, t in _er("annonc", fut_stem="annoncer").items()},
        "annonçait": ("announced", FIN), "annonçant": ("announced", FIN), "annonça": ("announced", FIN),
        **{f"{f} à": ("", t) for f, t in _er("procéd").items()},
    },
    laws=frozenset({"loi", "lois", "projet de loi", "décret", "ordonnance"}),
    heads={"accord": "", "accords": "", "traité": "", "traités": "", "pacte": "", "pactes": "",
           "protocole": "", "protocoles": "", "convention": "", "conventions": "",
           "mémorandum": "memorandum-of-understanding", "mémorandums": "memorandum-of-understanding",
           "memorandum": "memorandum-of-understanding", "accord-cadre": "", "accords-cadres": "",
           "MoU": "memorandum-of-understanding", "SOFA": "status-of-forces",
           "partenariat": "", "partenariats": "", "arrangement": "", "arrangements": ""},
    pronoun_heads=frozenset({"celui", "celle", "ceux", "celles"}),
    anaphors=frozenset({"texte", "document", "textes", "documents"}),
    kinds={
        "coopération militaro-technique": "military-technical-cooperation",
        "coopération technico-militaire": "military-technical-cooperation",
        "coopération militaire et technique": "military-technical-cooperation",
        "coopération militaire technique": "military-technical-cooperation",
        "coopération technique militaire": "military-technical-cooperation",
        "coopération militaire": "military-cooperation",
        "coopération navale": "military-cooperation",
        "coopération en matière de défense": "military-cooperation",
        "coopération en matière militaire": "military-cooperation",
        "coopération de défense": "military-cooperation",
        "coopération dans le domaine de la défense": "military-cooperation",
        "coopération dans le domaine militaire": "military-cooperation",
        "coopération sécuritaire": "military-cooperation",
        "coopération en matière de sécurité": "military-cooperation",
        "coopération militaire et sécuritaire": "military-cooperation",
        "accord de défense": "military-cooperation",
        "accords de défense": "military-cooperation",
        "accord militaire": "military-cooperation",
        "accords militaires": "military-cooperation",
        "accord de sécurité": "military-cooperation",
        "pacte de défense": "military-cooperation",
        "partenariat de défense": "defence-partnership",
        "partenariat en matière de défense": "defence-partnership",
        "partenariat militaire": "defence-partnership",
        "partenariat stratégique de défense": "defence-partnership",
        "défense mutuelle": "mutual-defence-pact",
        "assistance mutuelle": "mutual-defence-pact",
        "défense commune": "mutual-defence-pact",
        "défense collective": "mutual-defence-pact",
        "protocole d'accord": "memorandum-of-understanding",
        "protocole d'entente": "memorandum-of-understanding",
        "mémorandum d'entente": "memorandum-of-understanding",
        "lettre d'intention": "memorandum-of-understanding",
        "statut des forces": "status-of-forces",
        "statut des personnels": "status-of-forces",
        "traité confédéral": "confederation-treaty",
        "traité de la confédération": "confederation-treaty",
        "traité instituant la confédération": "confederation-treaty",
        "traité portant création de la confédération": "confederation-treaty",
        "programme de partenariat": "partnership-programme",
        "base navale": "basing",
        "base militaire": "basing",
        "base aérienne": "basing",
        "point d'appui logistique": "basing",
        "point d'appui naval": "basing",
        "point d'appui": "basing",
        "centre logistique naval": "basing",
        "installation navale": "basing",
        "stationnement de troupes": "basing",
        "partage de renseignements": "intelligence-sharing",
        "partage du renseignement": "intelligence-sharing",
        "partage des renseignements": "intelligence-sharing",
    },
    domains={
        "formation": ("training", "training"),
        "formation militaire": ("training", "military training"),
        "formation du personnel": ("training", "training of military personnel"),
        "formation du personnel militaire": ("training", "training of military personnel"),
        "formation des militaires": ("training", "training of military personnel"),
        "formation des troupes": ("training", "training of troops"),
        "formation des forces": ("training", "training of the armed forces"),
        "formation d'officiers": ("training", "training of officers"),
        "formation des officiers": ("training", "training of officers"),
        "formation des pilotes": ("training", "training of pilots"),
        "entraînement": ("training", "training"),
        "instruction militaire": ("training", "military training"),
        "renseignement": ("intelligence", "intelligence"),
        "échange de renseignements": ("intelligence", "exchange of intelligence"),
        "échange d'informations": ("intelligence", "exchange of information"),
        "partage de renseignements": ("intelligence", "intelligence sharing"),
        "assistance technique": ("technical-assistance", "technical assistance"),
        "appui technique": ("technical-assistance", "technical support"),
        "expertise technique": ("technical-assistance", "technical expertise"),
        "transfert de technologies": ("technical-assistance", "technology transfer"),
        "exercices conjoints": ("joint-exercises", "joint exercises"),
        "exercice conjoint": ("joint-exercises", "joint exercises"),
        "exercices militaires conjoints": ("joint-exercises", "joint military exercises"),
        "exercices communs": ("joint-exercises", "joint exercises"),
        "manœuvres conjointes": ("joint-exercises", "joint manoeuvres"),
        "assistance médicale": ("medical-assistance", "medical assistance"),
        "soutien médical": ("medical-assistance", "medical support"),
        "assistance médicale gratuite": ("medical-assistance", "free medical assistance"),
        "financement": ("financing", "financing"),
        "modalités de financement": ("financing", "financing arrangements"),
        "protection des informations confidentielles":
            ("classified-information-protection", "protection of classified information"),
        "protection des informations classifiées": ("classified-information-protection", "protection of classified information"),
        "protection des informations": ("classified-information-protection", "protection of classified information"),
        "informations classifiées": ("classified-information-protection", "protection of classified information"),
        "secret de la défense": ("classified-information-protection", "protection of classified information"),
        "fourniture d'armes": ("arms-supply", "arms supply"),
        "livraison d'armes": ("arms-supply", "arms deliveries"),
        "livraisons d'armes": ("arms-supply", "arms deliveries"),
        "fourniture d'équipements": ("arms-supply", "supply of equipment"),
        "fourniture d'équipements militaires": ("arms-supply", "supply of military equipment"),
        "fourniture de matériel militaire": ("arms-supply", "supply of military equipment"),
        "équipements militaires": ("arms-supply", "military equipment"),
        "matériel militaire": ("arms-supply", "military equipment"),
        "armement": ("arms-supply", "armament"),
        "armements": ("arms-supply", "armament"),
        "missions conjointes": ("joint-missions", "joint missions"),
        "conditions d'exercice des missions conjointes": ("joint-missions", "conditions for joint missions"),
        "opérations conjointes": ("joint-missions", "joint operations"),
        "patrouilles conjointes": ("joint-missions", "joint patrols"),
        "logistique": ("logistics", "logistics"),
        "soutien logistique": ("logistics", "logistical support"),
        "appui logistique": ("logistics", "logistical support"),
        "point d'appui logistique": ("basing", "logistics support point"),
        "base navale": ("basing", "naval base"),
        "base militaire": ("basing", "military base"),
        "base aérienne": ("basing", "air base"),
        "stationnement de navires": ("basing", "stationing of ships"),
        "stationnement de quatre navires": ("basing", "stationing of ships"),
        "escales de navires": ("basing", "port calls"),
        "lutte contre le terrorisme": ("counter-terrorism", "counter-terrorism"),
        "lutte antiterroriste": ("counter-terrorism", "counter-terrorism"),
        "contre-terrorisme": ("counter-terrorism", "counter-terrorism"),
        "antiterrorisme": ("counter-terrorism", "counter-terrorism"),
        "défense aérienne": ("air-defence", "air defence"),
        "défense antiaérienne": ("air-defence", "air defence"),
        "sécurité maritime": ("maritime-security", "maritime security"),
        "lutte contre la piraterie": ("maritime-security", "counter-piracy"),
        "surveillance maritime": ("maritime-security", "maritime surveillance"),
        "défense collective": ("collective-defence", "collective defence"),
        "défense mutuelle": ("collective-defence", "mutual defence"),
    },
    provision_verbs=frozenset({
        "prévoit", "prévoient", "prévoyait", "prévoyant", "prévoira", "fixe", "fixent", "fixant",
        "porte sur", "portent sur", "portant sur", "portait sur", "porte notamment sur", "portant notamment sur",
        "couvre", "couvrent", "couvrant", "comprend", "comprennent", "comprenant", "inclut", "incluent",
        "englobe", "concerne", "concernent", "concernant", "définit", "définissent", "encadre", "encadrent",
        "établit", "organise", "vise", "visent", "visant", "dispose", "stipule", "stipulent", "instaure",
    }),
    domain_cues=frozenset({"domaine", "domaines", "en matière de", "en matière d'", "secteur", "secteurs"}),
    defence_cues=frozenset({
        "militaire", "militaires", "défense", "sécurité", "sécuritaire", "armée", "armées", "armement",
        "armements", "armes", "soldats", "troupes", "navale", "navales", "marine", "forces armées",
        "militaro-technique", "technico-militaire", "force en attente", "maintien de la paix", "antiterroriste",
        "antiterroristes", "contre-terrorisme", "brigade",
    }),
    civil_cues=frozenset({
        "commercial", "commerciale", "commerciaux", "commerce", "économique", "économiques", "agricole",
        "agricoles", "agriculture", "pêche", "énergie", "énergétique", "culturel", "culturelle", "éducation",
        "santé", "sanitaire", "minier", "minière", "visas", "investissement", "investissements", "tourisme",
        "transport", "douanier", "douanière", "fiscal", "fiscale", "nucléaire civil", "céréales", "engrais",
        "blé", "aérien", "scientifique", "universitaire",
    }),
    similar=frozenset({"similaire", "similaires", "semblable", "semblables", "comparable", "comparables",
                       "analogue", "analogues", "du même type", "de ce type", "de même nature"}),
    separate=frozenset({"distinct", "distincte", "séparé", "séparée", "autre", "second", "seconde",
                        "deuxième", "additionnel", "supplémentaire", "parallèle"}),
    new=frozenset({"nouvel", "nouveau", "nouvelle", "nouveaux", "nouvelles"}),
    replaces=frozenset({"remplace", "remplacent", "remplaçant", "remplaçait", "remplacera", "succède à",
                        "se substitue à", "abroge", "annule et remplace"}),
    replaced_by=frozenset({"remplacé par", "remplacée par", "remplacés par", "supplanté par"}),
    negators=frozenset({"pas", "jamais", "aucun", "aucune", "sans", "ni", "non", "nullement", "guère",
                        "rien", "refusé", "refuse", "refusent", "rejeté", "rejette", "rejettent"}),
    weak_negators=frozenset({"ne", "n'"}),
    modal=frozenset({
        "devrait", "devraient", "devra", "devront", "doit", "doivent", "pourrait", "pourraient", "pourra",
        "pourront", "sera", "seront", "serait", "seraient", "aura", "auront", "va", "vont", "allait",
        "prévoit de", "prévoient de", "prévoit d'", "envisage", "envisagent", "envisagé", "envisagée",
        "projet d'accord", "prochain", "prochaine", "prochainement", "futur", "future", "en attente",
        "attend", "attendent", "reste à", "restent à", "pas encore", "toujours pas", "souhaite",
        "souhaitent", "espère", "espèrent", "en vue de", "en vue d'", "appelé à",
        "appelée à", "susceptible", "éventuel", "éventuelle", "soumis à", "soumise à", "dès sa", "dès que",
        "une fois", "d'ici",
    }),
    infinitive_markers=frozenset(),
    recent_past=frozenset({"vient de", "viennent de", "venait de", "venaient de", "vient d'", "viennent d'"}),
    other_documents=frozenset({"déclaration", "communiqué", "contrat", "contrats", "feuille de route",
                               "déclaration commune", "lettre", "livre d'or", "procès-verbal"}),
    boundaries=frozenset({";", ":", "—", "–", "«", "»", "“", "”", '"', "tandis que", "alors que", "mais",
                          "cependant", "pourtant", "toutefois", "bien que", "même si", "lorsque"}),
    asides=frozenset({"comme", "à l'instar", "tout comme", "contrairement", "plutôt que", "au lieu",
                      "après", "avant", "suite à", "à la suite", "selon", "d'après", "outre"}),
    between=frozenset({"entre"}),
    with_=frozenset({"avec", "auprès de"}),
    agent=frozenset({"par"}),
    locative=frozenset({"à", "au", "aux", "en", "depuis", "dans", "de"}),
    geo_features=frozenset({"golfe", "fleuve", "lac", "bassin", "delta", "mer", "océan", "rivière", "plateau",
                            "désert", "vallée", "boucle"}),
    both=frozenset({"les deux pays", "deux pays", "les deux parties", "deux parties", "les deux États",
                    "les deux capitales", "les deux gouvernements"}),
    definite=frozenset({"le", "la", "l'", "les", "ce", "cet", "cette", "ces", "ledit", "ladite", "son", "sa",
                        "leur", "celui", "celle", "dudit", "du", "au"}),
    indefinite=frozenset({"un", "une", "des", "d'", "de", "aucun", "aucune", "tout", "toute"}),
    subject_pronouns=frozenset({"il", "elle", "celui-ci", "celle-ci", "lequel", "laquelle"}),
    skippable=frozenset({"le", "la", "l'", "les", "un", "une", "des", "de", "d'", "du", "au", "aux", "à",
                         "son", "sa", "ses", "leur", "leurs", "ce", "cet", "cette", ",", "formellement",
                         "officiellement", "définitivement", "aussi", "également", "ainsi", "hier"}),
    months={"janvier": 1, "janv": 1, "février": 2, "févr": 2, "fév": 2, "mars": 3, "avril": 4, "avr": 4,
            "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "septembre": 9, "sept": 9,
            "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "déc": 12},
    weekdays={"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
    date_parts={"début": "early", "fin": "late", "mi": "mid", "courant": "mid", "mi-": "mid",
                "printemps": "season", "été": "season", "automne": "season", "hiver": "season"},
    year_preps=frozenset({"en", "de", "depuis", "dès", "avant", "après", "jusqu'en", "année", "an", "fin",
                          "début", "courant", "mi", "printemps", "été", "automne", "hiver", "l'an", "d'",
                          "du", "(", "entre", "et", "à", "vers"}),
    relative_dates={"hier": ("day", -1), "aujourd'hui": ("day", 0), "avant-hier": ("day", -2),
                    "l'an dernier": ("year", -1), "l'année dernière": ("year", -1), "l'an passé": ("year", -1),
                    "cette année": ("year", 0), "le mois dernier": ("month", -1), "ce mois-ci": ("month", 0),
                    "il y a deux ans": ("year", -2), "il y a trois ans": ("year", -3), "il y a un an": ("year", -1),
                    "l'année précédente": ("year", -1), "il y a deux mois": ("month", -2),
                    "il y a trois mois": ("month", -3)},
    ordinal_suffixes=("er", "re", "e"),
    reporting=frozenset({"indiqué", "précisé", "déclaré", "affirmé", "rapporté", "ajouté", "expliqué",
                         "souligné", "assuré", "annoncé", "indique", "précise", "déclare", "affirme", "rapporte"}),
    at_signing=frozenset({"dès sa signature", "dès la signature", "à sa signature", "lors de sa signature",
                          "le jour de sa signature",
                          "le jour même de sa signature", "le jour même de la signature", "le même jour que sa signature"}),
    completed=frozenset({"achevé", "achevées", "achevés", "achevée", "conclues", "menées", "conduites", "tenues",
                         "à l'issue", "au terme", "abouti", "ont eu lieu", "se sont tenues", "a eu lieu",
                         "après", "entamé", "entamées", "entamés", "engagé", "engagées", "ouvert",
                         "débuté", "commencé"}),
    intent=frozenset({"intention", "volonté", "projet", "décision", "leur", "son", "sa", "de", "d'"}),
    possessives=frozenset({"son", "sa", "ses", "leur", "leurs"}),
    anchored={"la veille": -1, "le lendemain": 1, "deux jours plus tard": 2, "trois jours plus tard": 3,
              "une semaine plus tard": 7, "deux jours plus tôt": -2, "l'avant-veille": -2},
)


# --- English ------------------------------------------------------------------------------

def _en(base: str, third: str, past: str, participle: str | None = None, ing: str | None = None) -> dict[str, str]:
    forms = {base: BASE, third: FIN, past: FIN}
    forms[participle or past] = PART if (participle or past) != past else FIN
    if ing:
        forms[ing] = FIN
    return forms


_EN_SIGN = {**_en("sign", "signs", "signed", ing="signing"), "signature": NOUN, "signing ceremony": NOUN,
            **_en("ink", "inks", "inked"), **_en("conclude", "concludes", "concluded", ing="concluding"),
            "conclusion": NOUN, **_en("initial", "initials", "initialled"), "initialed": FIN}
_EN_RATIFY = {**_en("ratify", "ratifies", "ratified", ing="ratifying"), "ratification": NOUN,
              "voted to ratify": FIN, "votes to ratify": FIN, "voted for ratification": FIN}
_EN_APPROVE = {**_en("approve", "approves", "approved", ing="approving"), "approval": NOUN,
               **_en("endorse", "endorses", "endorsed"), "voted to approve": FIN, "votes to approve": FIN}
_EN_IN_FORCE = {"came into force": FIN, "come into force": BASE, "comes into force": FIN,
                "coming into force": FIN, "entered into force": FIN, "enter into force": BASE,
                "enters into force": FIN, "entering into force": FIN, "entry into force": NOUN,
                "took effect": FIN, "take effect": BASE, "takes effect": FIN, "went into effect": FIN,
                "go into effect": BASE, "goes into effect": FIN, "in force since": FIN, "effective since": FIN,
                "came into effect": FIN, "come into effect": BASE, "comes into effect": FIN,
                "entered into effect": FIN, "took force": FIN}
_EN_DENY = {**_en("deny", "denies", "denied", ing="denying"), "denial": NOUN,
            **_en("refute", "refutes", "refuted")}
_EN_SUSPEND = {**_en("suspend", "suspends", "suspended", ing="suspending"), "suspension": NOUN}
_EN_END = {**_en("terminate", "terminates", "terminated", ing="terminating"), "termination": NOUN,
           **_en("scrap", "scraps", "scrapped"), **_en("revoke", "revokes", "revoked"), "revocation": NOUN,
           **_en("annul", "annuls", "annulled"), **_en("cancel", "cancels", "cancelled"), "canceled": FIN,
           **_en("denounce", "denounces", "denounced"), **_en("abrogate", "abrogates", "abrogated"),
           "withdrew from": FIN, "withdraws from": FIN, "withdrawn from": PART, "withdraw from": BASE,
           "withdrawal from": NOUN, "pulled out of": FIN, "pulls out of": FIN, "pull out of": BASE,
           "put an end to": FIN, "puts an end to": FIN, "ended": FIN, "tore up": FIN}
_EN_NEGOTIATE = {"negotiated": FIN, "negotiations": NOUN, "talks": NOUN}

ENGLISH = Lexicon(
    lang="en",
    triggers={
        **{f: ("signed", t) for f, t in _EN_SIGN.items()},
        **{f: ("ratified", t) for f, t in _EN_RATIFY.items()},
        **{f: ("approved", t) for f, t in _EN_APPROVE.items()},
        **{f: ("in-force", t) for f, t in _EN_IN_FORCE.items()},
        **{f: ("denied", t) for f, t in _EN_DENY.items()},
        **{f: ("suspended", t) for f, t in _EN_SUSPEND.items()},
        **{f: ("ended", t) for f, t in _EN_END.items()},
        **{f: ("negotiated", t) for f, t in _EN_NEGOTIATE.items()},
    },
    support={
        **{f: ("approved", t) for f, t in {**_en("adopt", "adopts", "adopted"), **_en("pass", "passes", "passed")}.items()},
        **{f: ("", t) for f, t in {**_en("complete", "completes", "completed"), **_en("finalise", "finalises", "finalised"),
                                    **_en("finalize", "finalizes", "finalized"), **_en("confirm", "confirms", "confirmed"),
                                    **_en("vote for", "votes for", "voted for"), **_en("hold", "holds", "held"),
                                    **_en("mark", "marks", "marked"), **_en("celebrate", "celebrates", "celebrated"),
                                    **_en("promulgate", "promulgates", "promulgated"),
                                    **_en("vote on", "votes on", "voted on")}.items()},
        **{f: ("announced", t) for f, t in _en("announce", "announces", "announced", ing="announcing").items()},
    },
    laws=frozenset({"law", "laws", "bill", "decree", "act", "legislation"}),
    heads={"agreement": "", "agreements": "", "accord": "", "accords": "", "treaty": "", "treaties": "",
           "pact": "", "pacts": "", "protocol": "", "protocols": "", "deal": "", "deals": "",
           "convention": "", "memorandum": "memorandum-of-understanding",
           "memoranda": "memorandum-of-understanding", "memorandums": "memorandum-of-understanding",
           "MoU": "memorandum-of-understanding", "MOU": "memorandum-of-understanding",
           "SOFA": "status-of-forces", "framework agreement": "", "partnership": "", "partnerships": "",
           "arrangement": "", "arrangements": ""},
    pronoun_heads=frozenset({"the one", "that one", "one"}),
    anaphors=frozenset({"text", "document"}),
    kinds={
        "military-technical cooperation": "military-technical-cooperation",
        "military technical cooperation": "military-technical-cooperation",
        "military and technical cooperation": "military-technical-cooperation",
        "military-technical": "military-technical-cooperation",
        "military cooperation": "military-cooperation",
        "military co-operation": "military-cooperation",
        "defence cooperation": "military-cooperation",
        "defense cooperation": "military-cooperation",
        "defence co-operation": "military-cooperation",
        "security cooperation": "military-cooperation",
        "naval cooperation": "military-cooperation",
        "cooperation in the field of defence": "military-cooperation",
        "cooperation in the field of defense": "military-cooperation",
        "military and security cooperation": "military-cooperation",
        "defence agreement": "military-cooperation",
        "defense agreement": "military-cooperation",
        "defence accord": "military-cooperation",
        "defence deal": "military-cooperation",
        "defense deal": "military-cooperation",
        "military agreement": "military-cooperation",
        "military deal": "military-cooperation",
        "military pact": "military-cooperation",
        "defence pact": "military-cooperation",
        "defense pact": "military-cooperation",
        "security agreement": "military-cooperation",
        "defence partnership": "defence-partnership",
        "defense partnership": "defence-partnership",
        "military partnership": "defence-partnership",
        "strategic defence partnership": "defence-partnership",
        "mutual defence": "mutual-defence-pact",
        "mutual defense": "mutual-defence-pact",
        "mutual assistance": "mutual-defence-pact",
        "collective defence": "mutual-defence-pact",
        "collective defense": "mutual-defence-pact",
        "memorandum of understanding": "memorandum-of-understanding",
        "letter of intent": "memorandum-of-understanding",
        "status of forces": "status-of-forces",
        "status-of-forces": "status-of-forces",
        "confederation treaty": "confederation-treaty",
        "treaty establishing the confederation": "confederation-treaty",
        "partnership programme": "partnership-programme",
        "partnership program": "partnership-programme",
        "state partnership program": "partnership-programme",
        "naval base": "basing",
        "military base": "basing",
        "air base": "basing",
        "airbase": "basing",
        "naval facility": "basing",
        "naval logistics": "basing",
        "logistics hub": "basing",
        "logistics center": "basing",
        "logistics centre": "basing",
        "logistics point": "basing",
        "basing": "basing",
        "base agreement": "basing",
        "basing agreement": "basing",
        "intelligence sharing": "intelligence-sharing",
        "intelligence-sharing": "intelligence-sharing",
        "sharing of intelligence": "intelligence-sharing",
    },
    domains={
        "training": ("training", "training"),
        "military training": ("training", "military training"),
        "training of personnel": ("training", "training of military personnel"),
        "training of officers": ("training", "training of officers"),
        "training of troops": ("training", "training of troops"),
        "training of military personnel": ("training", "training of military personnel"),
        "joint training": ("training", "joint training"),
        "intelligence": ("intelligence", "intelligence"),
        "exchange of intelligence": ("intelligence", "exchange of intelligence"),
        "intelligence exchange": ("intelligence", "exchange of intelligence"),
        "intelligence sharing": ("intelligence", "intelligence sharing"),
        "information sharing": ("intelligence", "information sharing"),
        "technical assistance": ("technical-assistance", "technical assistance"),
        "technical support": ("technical-assistance", "technical support"),
        "technology transfer": ("technical-assistance", "technology transfer"),
        "transfer of knowledge": ("technical-assistance", "transfer of knowledge"),
        "transfer of technology": ("technical-assistance", "technology transfer"),
        "joint exercises": ("joint-exercises", "joint exercises"),
        "joint military exercises": ("joint-exercises", "joint military exercises"),
        "joint drills": ("joint-exercises", "joint drills"),
        "military exercises": ("joint-exercises", "military exercises"),
        "medical assistance": ("medical-assistance", "medical assistance"),
        "medical support": ("medical-assistance", "medical support"),
        "financing": ("financing", "financing"),
        "funding": ("financing", "funding"),
        "protection of classified information": ("classified-information-protection", "protection of classified information"),
        "classified information": ("classified-information-protection", "protection of classified information"),
        "protection of confidential information": ("classified-information-protection", "protection of classified information"),
        "arms supply": ("arms-supply", "arms supply"),
        "arms supplies": ("arms-supply", "arms supply"),
        "arms deliveries": ("arms-supply", "arms deliveries"),
        "supply of weapons": ("arms-supply", "supply of weapons"),
        "supply of arms": ("arms-supply", "supply of weapons"),
        "weapons deliveries": ("arms-supply", "arms deliveries"),
        "military equipment": ("arms-supply", "military equipment"),
        "supply of military equipment": ("arms-supply", "supply of military equipment"),
        "military hardware": ("arms-supply", "military hardware"),
        "joint missions": ("joint-missions", "joint missions"),
        "joint operations": ("joint-missions", "joint operations"),
        "joint patrols": ("joint-missions", "joint patrols"),
        "logistics": ("logistics", "logistics"),
        "logistical support": ("logistics", "logistical support"),
        "logistic support": ("logistics", "logistical support"),
        "naval base": ("basing", "naval base"),
        "military base": ("basing", "military base"),
        "air base": ("basing", "air base"),
        "port calls": ("basing", "port calls"),
        "naval logistics": ("basing", "naval logistics point"),
        "counter-terrorism": ("counter-terrorism", "counter-terrorism"),
        "counterterrorism": ("counter-terrorism", "counter-terrorism"),
        "fight against terrorism": ("counter-terrorism", "counter-terrorism"),
        "combating terrorism": ("counter-terrorism", "counter-terrorism"),
        "air defence": ("air-defence", "air defence"),
        "air defense": ("air-defence", "air defence"),
        "maritime security": ("maritime-security", "maritime security"),
        "anti-piracy": ("maritime-security", "counter-piracy"),
        "counter-piracy": ("maritime-security", "counter-piracy"),
        "maritime surveillance": ("maritime-security", "maritime surveillance"),
        "collective defence": ("collective-defence", "collective defence"),
        "collective defense": ("collective-defence", "collective defence"),
        "mutual defence": ("collective-defence", "mutual defence"),
    },
    provision_verbs=frozenset({
        "provides for", "provide for", "providing for", "provided for", "covers", "cover", "covering",
        "includes", "include", "including", "sets out", "set out", "lays down", "establishes", "envisages",
        "foresees", "concerns", "deals with", "focuses on", "aims", "governs", "regulates", "stipulates",
        "outlines", "allows", "commits", "grants", "under the deal", "under the agreement",
    }),
    domain_cues=frozenset({"field", "fields", "area", "areas", "sphere", "spheres", "in terms of", "sectors"}),
    defence_cues=frozenset({
        "military", "defence", "defense", "security", "army", "armed", "arms", "weapons", "troops", "soldiers",
        "naval", "navy", "military-technical", "standby force", "peacekeeping", "counter-terrorism",
        "counterterrorism", "brigade",
    }),
    civil_cues=frozenset({
        "trade", "commercial", "economic", "agricultural", "agriculture", "farm", "fisheries", "fishing",
        "energy", "cultural", "education", "health", "mining", "investment", "tourism", "transport",
        "customs", "tax", "visa", "grain", "wheat", "fertiliser", "fertilizer", "civil nuclear", "scientific",
        "aviation",
    }),
    similar=frozenset({"similar", "comparable", "such", "analogous", "of the same kind", "of this kind"}),
    separate=frozenset({"separate", "another", "second", "additional", "distinct", "parallel", "further"}),
    new=frozenset({"new"}),
    replaces=frozenset({"replaces", "replacing", "replace", "supersedes", "superseding", "supersede",
                        "succeeds", "takes over from", "updates", "updating"}),
    replaced_by=frozenset({"replaced by", "superseded by"}),
    negators=frozenset({"not", "n't", "never", "no", "without", "neither", "nor", "none", "refused",
                        "refuses", "rejected", "rejects", "failed", "fails"}),
    weak_negators=frozenset(),
    modal=frozenset({
        "will", "would", "could", "may", "might", "should", "shall", "must", "can", "expected", "expects",
        "plan", "plans", "planned", "planning", "intend", "intends", "intended", "set to", "due to",
        "yet to", "pending", "awaiting", "awaits", "await", "hope", "hopes", "hoped", "aim", "aims",
        "future", "proposed", "potential", "possible", "upcoming", "next", "is to", "are to", "was to",
        "were to", "'ll", "going to", "draft law", "before", "once", "subject to", "in order to",
    }),
    infinitive_markers=frozenset({"to"}),
    recent_past=frozenset(),
    other_documents=frozenset({"declaration", "statement", "contract", "contracts", "roadmap", "road map",
                               "joint statement", "letter", "communique", "communiqué", "guestbook"}),
    boundaries=frozenset({";", ":", "—", "–", "«", "»", "“", "”", '"', "while", "whereas", "but", "however",
                          "although", "though", "meanwhile"}),
    asides=frozenset({"like", "unlike", "as with", "similar to", "rather than", "instead of", "after",
                      "following", "before", "according to", "besides", "apart from", "as did"}),
    between=frozenset({"between"}),
    with_=frozenset({"with"}),
    agent=frozenset({"by"}),
    locative=frozenset({"in", "at", "to", "from", "near"}),
    geo_features=frozenset({"gulf", "river", "lake", "basin", "delta", "sea", "ocean", "plateau", "desert",
                            "valley", "bight"}),
    both=frozenset({"the two countries", "both countries", "the two sides", "both sides", "the two states",
                    "both states", "the two governments", "both governments", "the two capitals"}),
    definite=frozenset({"the", "this", "that", "these", "those", "its", "their", "said"}),
    indefinite=frozenset({"a", "an", "any", "no", "another", "some"}),
    subject_pronouns=frozenset({"it", "which"}),
    skippable=frozenset({"the", "a", "an", "of", "its", "their", "this", "that", "on", "in", "for", ",",
                         "formally", "officially", "also", "finally", "successfully"}),
    months={"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
            "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
            "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12},
    weekdays={"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6},
    date_parts={"early": "early", "late": "late", "mid": "mid", "mid-": "mid", "end": "late",
                "beginning": "early", "spring": "season", "summer": "season", "autumn": "season",
                "fall": "season", "winter": "season"},
    year_preps=frozenset({"in", "of", "since", "by", "until", "before", "after", "during", "year", "the",
                          "early", "late", "mid", "mid-", "(", "between", "and", "from", "a", "around",
                          "spring", "summer", "autumn", "winter", "'s"}),
    relative_dates={"yesterday": ("day", -1), "today": ("day", 0), "last year": ("year", -1),
                    "this year": ("year", 0), "last month": ("month", -1), "this month": ("month", 0),
                    "earlier this month": ("month", 0), "earlier this year": ("year", 0), "a year ago": ("year", -1),
                    "two years ago": ("year", -2), "three years ago": ("year", -3), "two months ago": ("month", -2),
                    "three months ago": ("month", -3), "the day before yesterday": ("day", -2)},
    ordinal_suffixes=("st", "nd", "rd", "th"),
    reporting=frozenset({"said", "says", "told", "reported", "stated", "added", "announced", "explained"}),
    at_signing=frozenset({"upon signature", "upon its signature", "on signature", "upon signing", "on signing",
                          "at signing", "on the day it was signed", "as soon as it was signed",
                          "the same day as its signature", "the same day as its signing", "on the day of its signature",
                          "the same day it was signed", "the day of its signing"}),
    completed=frozenset({"held", "completed", "concluded", "rounds", "round", "over", "finished", "wrapped up",
                         "took place", "were held", "have been held", "ended", "after", "began", "started",
                         "launched", "opened"}),
    intent=frozenset({"plans", "plan", "intention", "intent", "to", "its", "their", "of", "that", "they", "it",
                      "intend", "intends", "would", "will"}),
    possessives=frozenset({"its", "their"}),
    anchored={"the day before": -1, "the previous day": -1, "the next day": 1, "the following day": 1,
              "a day later": 1, "two days later": 2, "three days later": 3, "a week later": 7,
              "two days earlier": -2},
)

LEXICONS: dict[str, Lexicon] = {"fr": FRENCH, "en": ENGLISH}

#: Chambers of a legislature: an undated approval by a chamber names the body of a dated vote.
CHAMBERS: dict[str, str] = {
    "RUS-STATE-DUMA": "RUS-FEDERAL-ASSEMBLY",
    "RUS-FEDERATION-COUNCIL": "RUS-FEDERAL-ASSEMBLY",
    "FRA-NATIONAL-ASSEMBLY": "FRA-PARLIAMENT",
    "FRA-SENATE": "FRA-PARLIAMENT",
}
