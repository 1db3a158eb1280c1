"""kg extract: phenomena found by reading the held-out sets' misses, each tested on new sentences.

None of these sentences comes from tests/extract_eval/heldout-*/: each tests the general rule.
"""

from __future__ import annotations

from kg.extract import extract_text
from kg.extract.pipeline import annotator
from kg.facts import PartialDate


def tuples(text: str, published: str | None = None, language: str | None = None) -> set[tuple[frozenset[str], str, str | None]]:
    """The (parties, event, date) tuples extracted from a text, as the evaluation counts them."""
    facts = extract_text(text, published=PartialDate.parse(published) if published else None, language=language).facts
    return {(frozenset(f["parties"]), e["type"], e.get("date")) for f in facts for e in f.get("events", [])}


def t(parties: str, event: str, date: str | None = None) -> tuple[frozenset[str], str, str | None]:
    return (frozenset(parties.split()), event, date)


# -- dates --------------------------------------------------------------------------------------

def test_last_weekday_is_strictly_before_the_publication_day() -> None:
    # published on a Thursday: 'last Thursday' is a week earlier, a plain 'Monday' this week
    found = tuples("Senegalese deputies last Thursday ratified a defence cooperation agreement with Gambia.",
                   "2025-05-15", "en")
    assert found == {t("GMB SEN", "ratified", "2025-05-08")}


def test_a_reporting_verb_keeps_its_own_date() -> None:
    found = tuples("Le Bénin et le Niger ont signé le 4 mai un accord de coopération militaire, a annoncé "
                   "jeudi le ministère béninois de la Défense.", "2025-05-09")
    assert found == {t("BEN NER", "signed", "2025-05-04")}
    found = tuples("Ghana approved a military cooperation agreement with Togo on 2 May, the information "
                   "ministry said on Friday.", "2025-05-09")
    assert found == {t("GHA TGO", "approved", "2025-05-02")}


def test_a_second_date_joined_by_and_must_be_near_the_first() -> None:
    found = tuples("Le Gabon et le Cameroun ont signé le 3 mars un accord de défense couvrant la surveillance "
                   "et la formation des équipages de patrouilleurs, a précisé mercredi Libreville.", "2024-03-08")
    assert found == {t("CMR GAB", "signed", "2024-03-03")}


# -- events ---------------------------------------------------------------------------------------

def test_in_force_upon_signature_takes_the_signing_date() -> None:
    found = tuples("Le Tchad et le Cameroun ont signé le 9 avril 2024 un accord de coopération militaire. "
                   "L'accord est entré en vigueur dès sa signature.")
    assert found == {t("CMR TCD", "signed", "2024-04-09"), t("CMR TCD", "in-force", "2024-04-09")}
    found = tuples("Angola and Namibia signed a defence cooperation agreement on 6 June 2023. "
                   "The agreement entered into force upon signature.")
    assert found == {t("AGO NAM", "signed", "2023-06-06"), t("AGO NAM", "in-force", "2023-06-06")}


def test_held_or_finished_negotiations_are_negotiated_events() -> None:
    found = tuples("Le Sénégal et la Mauritanie ont signé le 12 mai 2025 un accord de défense, au terme de "
                   "négociations achevées fin avril 2025.")
    assert t("MRT SEN", "negotiated", "2025-04") in found
    assert t("MRT SEN", "signed", "2025-05-12") in found
    found = tuples("Kenya and Uganda signed a defence pact in 2022. The pact was negotiated over two rounds "
                   "of talks held in Nairobi in 2021.")
    assert t("KEN UGA", "negotiated", "2021") in found


def test_talks_that_may_lead_somewhere_are_not_negotiations() -> None:
    found = tuples("Rwanda and Burundi signed a border security agreement in 2020. Talks on a wider pact "
                   "could lead to a defence treaty, but no negotiations have been scheduled.")
    assert {e for _, e, _ in found} == {"signed"}


def test_pris_fin_ends_an_agreement() -> None:
    found = tuples("L'accord de coopération militaire entre la France et le Sénégal, conclu en 2012, a pris fin "
                   "le 17 juillet 2025.")
    assert t("FRA SEN", "ended", "2025-07-17") in found


def test_an_announced_plan_to_conclude_is_an_announcement() -> None:
    found = tuples("Dakar et Rabat ont annoncé le 3 avril leur intention de conclure un accord de défense.",
                   "2025-04-10")
    assert found == {t("MAR SEN", "announced", "2025-04-03")}
    found = tuples("Ghana and Nigeria on Monday announced plans to sign a new maritime security agreement.",
                   "2025-04-10")
    assert found == {t("GHA NGA", "announced", "2025-04-07")}


# -- parties --------------------------------------------------------------------------------------

def test_a_denied_report_names_the_parties_of_the_alleged_agreement() -> None:
    found = tuples("An official in Bangui has denied claims that the Central African Republic had signed a "
                   "basing agreement with Russia.")
    assert found == {t("CAF RUS", "denied")}


def test_a_mission_stands_for_its_organisation() -> None:
    found = tuples("Central African Republic has reshaped its security ties. Its status-of-forces agreement "
                   "with MINUSCA was signed in 2014.")
    assert found == {t("CAF UN", "signed", "2014")}


def test_a_partnership_or_arrangement_is_an_agreement() -> None:
    found = tuples("Benin and the European Union signed a security and defence partnership on 14 March 2025.")
    assert found == {t("BEN EU", "signed", "2025-03-14")}


def test_a_separate_agreement_with_one_party_named_is_between_the_same_parties() -> None:
    found = tuples("Le Mozambique et la Russie ont signé le 2 février 2025 un accord de coopération militaire. "
                   "Un accord distinct, sur l'escale des navires russes, a été paraphé le 3 février.",
                   "2025-02-20")
    assert found == {t("MOZ RUS", "signed", "2025-02-02"), t("MOZ RUS", "signed", "2025-02-03")}


def test_an_entry_into_force_reported_by_a_statement_is_kept() -> None:
    found = tuples("Le traité de défense entre le Bénin et le Togo est entré en vigueur le 2 octobre, selon un "
                   "communiqué de la présidence béninoise.", "2024-10-10")
    assert found == {t("BEN TGO", "in-force", "2024-10-02")}


def test_a_later_clause_goes_on_about_the_sentence_agreement() -> None:
    found = tuples("L'accord de défense entre le Niger et le Tchad, signé en janvier, avance : le Sénat "
                   "tchadien a entériné la ratification le 8 mai.", "2025-06-01")
    assert t("NER TCD", "ratified", "2025-05-08") in found


def test_a_modal_far_after_an_event_noun_does_not_govern_it() -> None:
    # 'en attente' in the name of the Force africaine en attente is no pending step
    found = tuples("La signature de l'accord de défense entre le Mali et le Niger, qui renforce la brigade de la "
                   "Force africaine en attente, a eu lieu le 14 mars 2025 à Niamey.")
    assert found == {t("MLI NER", "signed", "2025-03-14")}


def test_a_year_naming_another_event_is_not_the_date() -> None:
    found = tuples("Mali and Guinea on Monday signed a defence agreement, the first since the 2021 coup in "
                   "Conakry.", "2025-03-06")
    assert found == {t("GIN MLI", "signed", "2025-03-03")}


def test_a_participle_with_a_conditional_auxiliary_is_hearsay() -> None:
    found = tuples("Selon la presse, un accord de défense entre le Burundi et la Russie aurait été signé à "
                   "Bujumbura en février.", "2025-04-01")
    assert found == set()


def test_a_capital_coordinated_with_a_place_is_a_place() -> None:
    found = tuples("Gabon and France signed a defence partnership in 2024. The partnership was negotiated over "
                   "talks held in Paris and Dakar in 2023.")
    assert found == {t("FRA GAB", "signed", "2024"), t("FRA GAB", "negotiated", "2023")}


def test_a_definite_agreement_signed_in_a_capital_keeps_its_parties() -> None:
    # the host capital completes a single party only for an agreement not spoken of before
    found = tuples("The African Union and Russia signed a security memorandum on 3 June 2025. The memorandum, "
                   "signed in Addis Ababa by a Russian deputy minister, covers training.")
    assert found == {t("AFRICAN-UNION RUS", "signed", "2025-06-03")}


def test_an_announced_intention_in_other_words() -> None:
    found = tuples("Ghana and Benin announced on 5 May that they intend to sign a defence agreement.", "2025-05-16")
    assert found == {t("BEN GHA", "announced", "2025-05-05")}
    # a future signing announced is an announcement, not a signing
    found = tuples("Le Ghana et le Bénin ont annoncé le 5 mai la conclusion prochaine d'un accord de défense.",
                   "2025-05-16")
    assert found == {t("BEN GHA", "announced", "2025-05-05")}


def test_concluding_talks_is_negotiating_not_signing() -> None:
    found = tuples("Ghana and Benin concluded negotiations on a defence pact in April 2025.")
    assert found == {t("BEN GHA", "negotiated", "2025-04")}
    found = tuples("Talks between Ghana and Benin on a defence pact took place in Cotonou in March 2025.")
    assert found == {t("BEN GHA", "negotiated", "2025-03")}


def test_coordinated_verbs_share_a_date() -> None:
    found = tuples("Gambia and Senegal signed and ratified a defence agreement in 2022.")
    assert found == {t("GMB SEN", "signed", "2022"), t("GMB SEN", "ratified", "2022")}
    found = tuples("La Gambie et le Sénégal ont signé puis ratifié un accord de défense en 2022.")
    assert found == {t("GMB SEN", "signed", "2022"), t("GMB SEN", "ratified", "2022")}


def test_coordinated_subjects_each_signing_make_one_agreement_each() -> None:
    found = tuples("Chad and Sudan each signed a military cooperation agreement with Turkey on 3 May.", "2025-05-16")
    assert found == {t("TCD TUR", "signed", "2025-05-03"), t("SDN TUR", "signed", "2025-05-03")}
    found = tuples("Le Tchad et le Soudan ont chacun signé un accord de coopération militaire avec la Turquie "
                   "le 3 mai.", "2025-05-16")
    assert found == {t("TCD TUR", "signed", "2025-05-03"), t("SDN TUR", "signed", "2025-05-03")}
    # without 'each', one agreement of three parties
    found = tuples("Chad and Sudan signed a military cooperation agreement with Turkey on 3 May.", "2025-05-16")
    assert found == {t("SDN TCD TUR", "signed", "2025-05-03")}


def test_years_ago_and_earlier_this_month() -> None:
    found = tuples("Le Bénin et le Nigeria ont signé il y a deux ans un accord de défense.", "2025-05-16")
    assert found == {t("BEN NGA", "signed", "2023")}
    found = tuples("Benin and Nigeria signed a defence pact earlier this month.", "2025-05-16")
    assert found == {t("BEN NGA", "signed", "2025-05")}


def test_negotiations_begun_are_held() -> None:
    found = tuples("Le Niger et la Turquie ont entamé en avril des négociations sur un accord de défense.",
                   "2025-05-16")
    assert found == {t("NER TUR", "negotiated", "2025-04")}
    # talks that may resume are not held
    found = tuples("Talks between Niger and Turkey on a defence pact could resume next month.", "2025-05-16")
    assert found == set()


def test_a_denial_is_about_what_follows_it() -> None:
    # the pact the relative clause reports is not what the government denies
    found = tuples("Chad's government, which signed a defence pact with Turkey last year, denied on Thursday "
                   "that it had agreed to host Turkish troops.", "2025-07-18")
    assert found == {t("TCD TUR", "signed", "2024")}
    # 'denied having signed it': the act denied is the agreement's, so the denial is about the focus
    found = tuples("Chad and Turkey negotiated a defence pact in 2024. On Thursday, Chad denied having signed it.",
                   "2025-07-18")
    assert found == {t("TCD TUR", "negotiated", "2024"), t("TCD TUR", "denied", "2025-07-17")}


def test_talks_announced_are_not_held() -> None:
    found = tuples("Le Sénégal et la Gambie ont annoncé le 10 septembre des pourparlers sur un accord de sécurité "
                   "maritime.", "2025-09-12")
    assert found == set()


def test_a_generic_definite_mention_finds_the_specific_agreement() -> None:
    found = tuples("Chad and Russia on Monday inked a military-technical cooperation agreement. The defence deal, "
                   "approved by the Chadian cabinet in September, covers arms supplies.", "2025-10-24")
    assert found == {t("RUS TCD", "signed", "2025-10-20"), t("RUS TCD", "approved", "2025-09")}


def test_plural_agreements_with_a_date_per_partner() -> None:
    found = tuples("Turkey signed defence agreements with Somalia in 2022 and with Niger in January 2024.")
    assert found == {t("SOM TUR", "signed", "2022"), t("NER TUR", "signed", "2024-01")}


def test_a_conditional_entry_into_force_is_not_done() -> None:
    found = tuples("Chad and Russia signed a defence agreement on 3 May 2025. It takes effect once ratified by "
                   "parliament.")
    assert found == {t("RUS TCD", "signed", "2025-05-03")}
    found = tuples("Le Tchad et la Russie ont signé le 3 mai 2025 un accord de défense. Il entre en vigueur "
                   "une fois ratifié par le Parlement.")
    assert found == {t("RUS TCD", "signed", "2025-05-03")}


def test_a_date_counted_from_the_event_told_before() -> None:
    found = tuples("Le Parlement gabonais a ratifié jeudi l'accord de défense avec le Congo, approuvé la veille par "
                   "le gouvernement congolais.", "2025-03-08")
    assert found == {t("COG GAB", "ratified", "2025-03-06"), t("COG GAB", "approved", "2025-03-05")}
    found = tuples("Gabon and Cameroon signed a defence pact on 3 March 2025. Cameroonian lawmakers ratified it "
                   "two days later.")
    assert found == {t("CMR GAB", "signed", "2025-03-03"), t("CMR GAB", "ratified", "2025-03-05")}


def test_the_standby_force_is_a_defence_matter() -> None:
    found = tuples("La SADC et l'Union africaine ont signé le 3 mars 2025 un protocole sur la force en attente.")
    assert found == {t("AFRICAN-UNION SADC", "signed", "2025-03-03")}


# -- phenomena found by reading heldout-2's misses (new sentences, none from that set) ------------

def test_a_date_right_after_an_earlier_participle_is_that_participle_s() -> None:
    found = tuples("Le Niger et le Tchad ont signé en 2021 un accord de défense. L'accord, signé en 2021, avait été "
                   "ratifié par l'Assemblée nationale tchadienne.")
    assert found == {t("NER TCD", "signed", "2021"), t("NER TCD", "ratified")}
    found = tuples("Namibia and Angola signed a defence pact in 2019. The pact, signed in 2019, was later ratified "
                   "by the Namibian parliament.")
    assert found == {t("AGO NAM", "signed", "2019"), t("AGO NAM", "ratified")}


def test_talks_concluded_in_the_passive_are_negotiations() -> None:
    found = tuples("Le Bénin et le Togo ont signé lundi un accord de défense. Les négociations entre les deux pays "
                   "avaient été conclues le 2 mars à Lomé.", "2024-04-10")
    assert found == {t("BEN TGO", "signed", "2024-04-08"), t("BEN TGO", "negotiated", "2024-03-02")}
    found = tuples("Ghana and Togo signed a defence pact on Monday. Negotiations between the two countries were "
                   "concluded on 2 March in Accra.", "2024-04-10")
    assert found == {t("GHA TGO", "signed", "2024-04-08"), t("GHA TGO", "negotiated", "2024-03-02")}


def test_a_name_whose_alias_starts_with_an_article_is_found_mid_sentence() -> None:
    found = tuples("On Monday the authorities of the Democratic Republic of the Congo denied that they had signed "
                   "a defence pact with Rwanda.", "2025-06-04", "en")
    assert found == {t("COD RWA", "denied", "2025-06-02")}


def test_the_partner_list_after_with_ends_at_the_clause() -> None:
    found = tuples("France on Friday denied that it had signed an agreement with Niger to open a naval base, "
                   "calling a Turkish newspaper's story a fabrication.", "2025-06-07", "en")
    assert found == {t("FRA NER", "denied", "2025-06-06")}
    found = tuples("La Russie a signé en 2023 des accords de défense avec le Mali, le Niger et le Burkina Faso.")
    assert found == {t("MLI RUS", "signed", "2023"), t("NER RUS", "signed", "2023"), t("BFA RUS", "signed", "2023")}


def test_undated_similar_agreements_are_a_comparison() -> None:
    found = tuples("Ghana and China signed a defence cooperation agreement on 4 March 2025. China has signed similar "
                   "agreements with many African states over the years, among them Kenya, Zambia and Angola.")
    assert found == {t("CHN GHA", "signed", "2025-03-04")}
    # a similar agreement with its own date is an event told
    found = tuples("Le Ghana et la Chine ont signé le 4 mars 2025 un accord de défense. Le Kenya avait signé en "
                   "2021 un accord similaire avec la Chine.")
    assert found == {t("CHN GHA", "signed", "2025-03-04"), t("CHN KEN", "signed", "2021")}


def test_a_definite_event_noun_governed_by_a_verb_refers_to_the_focus() -> None:
    found = tuples("Le Sénégal et la Gambie ont signé le 2 février 2024 un accord de défense. Côté gambien, "
                   "l'Assemblée nationale avait approuvé la ratification dès mai 2024, sans débat.", "2024-09-01")
    assert found == {t("GMB SEN", "signed", "2024-02-02"), t("GMB SEN", "approved", "2024-05")}


def test_signatories_on_behalf_of_another_party_are_not_parties() -> None:
    found = tuples("ECOWAS and Morocco signed a maritime security agreement on 3 June 2025 in Abuja. The foreign "
                   "ministers of Ghana and Nigeria signed the text on behalf of the community.", "2025-06-10")
    assert found == {t("ECOWAS MAR", "signed", "2025-06-03")}
    # the partner after 'with' stays a party
    found = tuples("Officials from Mali signed a security framework agreement with Russia on 4 May 2025 on behalf "
                   "of the Alliance of Sahel States.")
    assert found == {t("AES RUS", "signed", "2025-05-04")}
    found = tuples("La CEDEAO et le Maroc ont signé le 3 juin 2025 un accord de sécurité maritime. Les ministres "
                   "du Ghana et du Nigeria ont signé le texte au nom de la Communauté.", "2025-06-10")
    assert found == {t("ECOWAS MAR", "signed", "2025-06-03")}


def test_talks_between_two_named_parties_continue_their_agreement() -> None:
    found = tuples("Chad and Togo signed a defence cooperation agreement on 9 March 2025. Negotiations between "
                   "Chad and Togo were concluded in late January 2025, but the signing was postponed twice.")
    assert found == {t("TCD TGO", "signed", "2025-03-09"), t("TCD TGO", "negotiated", "2025-01")}
    # with no agreement of theirs in the article, the talks alone make none
    assert tuples("Negotiations between Chad and Togo were concluded in late January 2025.") == set()


def test_a_word_that_refers_back_keeps_its_agreement_s_parties() -> None:
    found = tuples("Le Togo et la Turquie ont signé le 5 avril 2024 un accord de coopération militaire. Le texte, "
                   "paraphé à Ankara, prévoit la formation de pilotes pour les unités exposées aux attaques venues "
                   "du Burkina Faso et du Mali.")
    assert found == {t("TGO TUR", "signed", "2024-04-05")}
    found = tuples("Kenya and Turkey signed a defence cooperation agreement on 5 April 2024. The document, "
                   "initialled in Ankara, covers pilot training for units facing raids from Somalia and Ethiopia.")
    assert found == {t("KEN TUR", "signed", "2024-04-05")}
    # ... but the agent of its own act ('signed by X and Y') is a party
    found = tuples("Ghana and Togo signed a defence pact on 3 May 2025. Separately, the document was signed by "
                   "Benin and Niger on 9 June 2025.")
    assert t("BEN NER", "signed", "2025-06-09") in found


# -- heldout-3's phenomena, tested on new sentences ----------------------------------------------

def test_in_force_the_same_day_as_its_signature_is_dated_by_the_signing() -> None:
    """'le jour même de sa signature' dates the entry into force as 'dès sa signature' does."""
    found = tuples("Le Gabon et le Cameroun ont signé le 14 mars 2024 à Libreville un accord de coopération "
                   "militaire, entré en vigueur le jour même de sa signature.")
    assert found == {t("CMR GAB", "signed", "2024-03-14"), t("CMR GAB", "in-force", "2024-03-14")}
    found = tuples("Ghana and Benin signed a defence cooperation agreement on 9 May 2023. "
                   "The agreement took effect the same day as its signature.")
    assert found == {t("BEN GHA", "signed", "2023-05-09"), t("BEN GHA", "in-force", "2023-05-09")}


def test_an_undated_generic_headline_restates_the_dated_specific_agreement() -> None:
    """A headline's 'defence accord' ratified, undated, is the memorandum the body dates, not a second one."""
    found = tuples("Ghana ratifies Beninese defence accord\n\n"
                   "ACCRA - Ghana's Parliament on 4 June 2025 ratified a defence memorandum of understanding "
                   "with Benin, which the two defence ministers had signed in Cotonou on 2 March 2025.", "2025-06-06")
    assert found == {t("BEN GHA", "ratified", "2025-06-04"), t("BEN GHA", "signed", "2025-03-02")}


def test_a_capital_that_seats_an_organisation_named_alongside_stands_for_it() -> None:
    """'Bruxelles et Dakar ont signé ..., le premier accord de l'Union européenne': the EU, not Belgium."""
    found = tuples("Bruxelles et Dakar ont signé en 2023 un partenariat de sécurité et de défense, le premier "
                   "accord de ce type de l'Union européenne en Afrique de l'Ouest.", "2025-01-10")
    assert found == {t("EU SEN", "signed", "2023")}
    # without the organisation in the sentence, the capital still names its state
    found = tuples("Brussels and Dakar signed a defence cooperation agreement in 2022.", "2025-01-10", "en")
    assert found == {t("BEL SEN", "signed", "2022")}


def test_the_country_ending_its_agreement_is_the_state_that_acted_not_the_partner_named_last() -> None:
    """'The country terminated its agreement with X': the holder is the state that acted before."""
    found = tuples("Mali on Tuesday suspended the defence cooperation agreement it concluded with Ukraine in 2020.\n\n"
                   "It is the second such break this year. The country ended its 1985 military assistance "
                   "agreement with Belgium in March 2025.", "2025-06-12", "en")
    assert t("BEL MLI", "ended", "2025-03") in found
    assert not any(p == frozenset({"BEL", "UKR"}) for p, _, _ in found)
    found = tuples("Le Niger a suspendu mardi l'accord de coopération militaire signé avec la Tunisie en 2018.\n\n"
                   "Le pays avait dénoncé en mai 2024 son accord de défense avec l'Allemagne.", "2025-06-12")
    assert t("DEU NER", "ended", "2024-05") in found


def test_talks_begun_between_two_named_parties_date_their_agreement_negotiation() -> None:
    """'Negotiations between Accra and Lomé began in May 2024': held talks continue the pair's agreement."""
    found = tuples("Ghana's government said on Tuesday that it intends to sign a defence cooperation agreement "
                   "with Togo.\n\nNegotiations between Accra and Lomé began in May 2024, an official added.",
                   "2025-02-20", "en")
    assert t("GHA TGO", "negotiated", "2024-05") in found
    found = tuples("Le Bénin a annoncé mardi son intention de conclure un accord de défense avec le Niger.\n\n"
                   "Les négociations entre Cotonou et Niamey ont débuté en avril 2024, selon un diplomate.",
                   "2025-02-20")
    assert t("BEN NER", "negotiated", "2024-04") in found
    # talks merely planned between them are no negotiation
    found = tuples("Ghana's government said on Tuesday that it intends to sign a defence cooperation agreement "
                   "with Togo.\n\nNegotiations between Accra and Lomé could open next year.", "2025-02-20", "en")
    assert not any(e == "negotiated" for _, e, _ in found)


# -- over the French dependency tree (parser on) ----------------------------------------------------

def test_a_date_of_another_clause_is_not_the_events_date() -> None:
    # 'depuis 2019' hangs from 'frappée', a verb whose clause does not hold the ratification
    found = tuples("Le Niger et le Tchad ont signé le 2 février 2025 un accord de coopération militaire. "
                   "Une fois ratifié, il permettra des patrouilles dans la zone frontalière, frappée par "
                   "des attaques depuis 2019.")
    assert found == {t("NER TCD", "signed", "2025-02-02")}


def test_an_event_in_a_condition_clause_is_not_a_done_act() -> None:
    found = tuples("Le Gabon et la Russie ont signé le 5 mars 2025 un accord de coopération militaire. "
                   "S'il est ratifié par le Parlement gabonais, il ouvrira la voie à des exercices conjoints.")
    assert found == {t("GAB RUS", "signed", "2025-03-05")}
    found = tuples("Ghana and Russia signed a military cooperation agreement on 5 March 2025. "
                   "If ratified by parliament, it will allow joint exercises.", language="en")
    assert found == {t("GHA RUS", "signed", "2025-03-05")}


def test_a_historical_state_is_its_successor_as_a_party() -> None:
    found = tuples("Le Mali a rappelé l'accord de coopération militaire signé le 14 mai 1974 avec l'Union "
                   "soviétique.")
    assert found == {t("MLI RUS", "signed", "1974-05-14")}
    found = tuples("Guinea recalled the military cooperation agreement it signed with the USSR on 3 June 1972.",
                   language="en")
    assert found == {t("GIN RUS", "signed", "1972-06-03")}


def test_a_gloss_in_brackets_after_a_name_keeps_the_partner_list_going() -> None:
    found = tuples("Le 2 mars 1962, la France a conclu un accord de défense avec le Sénégal, la Haute-Volta "
                   "(actuel Burkina Faso) et le Togo.")
    assert found == {t("BFA FRA SEN TGO", "signed", "1962-03-02")}


def test_a_related_article_link_is_not_the_articles_news() -> None:
    found = tuples("Le Togo et la Russie ont signé le 3 avril 2025 un accord de coopération militaire.\n\n"
                   "Lire aussi : Le Mali dénonce ses accords de défense avec la France (mai 2022)\n")
    assert found == {t("RUS TGO", "signed", "2025-04-03")}


def test_a_go_ahead_is_an_approval() -> None:
    found = tuples("La Russie et le Togo ont signé le 3 avril 2025 un accord de coopération militaire. "
                   "Le gouvernement russe a donné son feu vert au texte en juin 2025.")
    assert t("RUS TGO", "approved", "2025-06") in found


def test_a_cooperation_contract_is_an_agreement_but_an_arms_sale_is_not() -> None:
    found = tuples("Le Gabon et le Maroc ont signé, mardi 14 mai, un contrat destiné à renforcer leur "
                   "coopération militaire.", "2024-05-16", "fr")
    assert found == {t("GAB MAR", "signed", "2024-05-14")}
    assert tuples("Le Maroc et la France ont signé mardi 14 mai un contrat d'armement portant sur des "
                  "hélicoptères.", "2024-05-16", "fr") == set()


def test_an_agreement_entered_into_on_a_date_was_signed_then() -> None:
    found = tuples("Ghana and Togo entered into a defence cooperation agreement on 28 April 2015.", "2025-05-09", "en")
    assert found == {t("GHA TGO", "signed", "2015-04-28")}
    found = tuples("The defence cooperation agreement between Ghana and Togo entered into force on 28 April 2015.",
                   "2025-05-09", "en")
    assert found == {t("GHA TGO", "in-force", "2015-04-28")}


def test_adopting_a_bill_authorising_ratification_approves_the_agreement() -> None:
    found = tuples("Le Parlement du Ghana a adopté, par 120 voix pour, sans opposition, le projet de loi autorisant "
                   "la ratification de l'accord de coopération militaire conclu avec le Togo.", "2024-07-05", "fr")
    assert t("GHA TGO", "approved") in found and not any(e == "ratified" for _, e, _ in found)
    found = tuples("Ghana's parliament passed, by 120 votes to 3, the bill authorising ratification of the defence "
                   "cooperation agreement with Togo.", "2024-07-05", "en")
    assert found == {t("GHA TGO", "approved")}
    # the law itself, once adopted, ratifies
    found = tuples("Le Parlement du Ghana a adopté jeudi la loi autorisant la ratification de l'accord de "
                   "coopération militaire signé avec le Togo.", "2024-07-05", "fr")
    assert t("GHA TGO", "ratified", "2024-07-04") in found


def test_an_accord_found_by_negotiators_is_a_negotiation() -> None:
    found = tuples("Le Ghana et le Togo ont conclu cette année un accord de formation militaire. "
                   "Les négociateurs avaient trouvé un accord sur ce texte en mai.", "2024-12-03", "fr")
    assert t("GHA TGO", "negotiated", "2024-05") in found


# -- acts done in the telling ---------------------------------------------------------------------

def test_a_decided_infinitive_is_the_act_and_takes_the_day_it_was_read() -> None:
    found = tuples("« Le gouvernement du Togo décide, en toute souveraineté, de dénoncer l'accord de coopération "
                   "militaire qui le lie au Ghana », a lu le porte-parole mercredi soir à la télévision.",
                   "2025-06-13")
    assert found == {t("GHA TGO", "ended", "2025-06-11")}


def test_a_government_written_in_lower_case_still_names_its_state() -> None:
    found = tuples("Le gouvernement du Togo a dénoncé l'accord de coopération militaire avec le Ghana.", "2025-06-13")
    assert found == {t("GHA TGO", "ended")}


def test_a_planned_infinitive_stays_a_plan() -> None:
    found = tuples("Le Togo prévoit de dénoncer l'accord de coopération militaire qui le lie au Ghana, "
                   "a indiqué mercredi le porte-parole.", "2025-06-13")
    assert found == set()


def test_mettre_un_terme_ends_an_agreement() -> None:
    found = tuples("Le Tchad a mis un terme le 2 juin à l'accord de coopération en matière de défense conclu "
                   "avec la France.", "2025-06-13")
    assert t("FRA TCD", "ended", "2025-06-02") in found


def test_a_progressive_act_takes_the_day_it_was_announced() -> None:
    found = tuples("Gabon's government said on Tuesday it was ending its defence cooperation agreement with "
                   "France.", "2025-06-13", "en")
    assert found == {t("FRA GAB", "ended", "2025-06-10")}


def test_a_past_act_told_on_a_day_keeps_no_date_of_the_telling() -> None:
    found = tuples("Le Gabon a signé un accord de coopération militaire avec le Cameroun, a annoncé mardi "
                   "la présidence.", "2025-06-13")
    assert found == {t("CMR GAB", "signed")}


def test_an_opening_that_refers_back_dates_the_event_told_before() -> None:
    found = tuples("L'Assemblée nationale du Niger a approuvé le projet de loi autorisant la ratification de "
                   "l'accord de coopération militaire signé avec le Tchad.\n\nC'était hier, mardi 10 juin, lors "
                   "d'une séance plénière.", "2025-06-11")
    assert t("NER TCD", "approved", "2025-06-10") in found
    found = tuples("Ghana's parliament approved a defence cooperation agreement with Togo.\n\nThe vote came on "
                   "Tuesday evening, after a long debate.", "2025-06-13", "en")
    assert found == {t("GHA TGO", "approved", "2025-06-10")}


def test_an_opening_that_refers_back_needs_an_undated_event_just_before() -> None:
    found = tuples("Ghana's parliament approved a defence cooperation agreement with Togo on 2 June.\n\n"
                   "The vote came on Tuesday evening, after a long debate.", "2025-06-13", "en")
    assert found == {t("GHA TGO", "approved", "2025-06-02")}


# -- attachment over the tree, and parties that belong to another clause -------------------------

def test_a_verb_keeps_its_object_past_a_place_and_a_date() -> None:
    found = tuples("C'est ce ministre togolais qui a signé en mars 2021 l'accord de coopération militaire entre le Togo et "
                   "le Ghana, et qui a paraphé à Lomé, en mai 2021, un texte comparable avec le Bénin.",
                   "2025-06-13")
    assert found == {t("GHA TGO", "signed", "2021-03"), t("BEN TGO", "signed", "2021-05")}


def test_a_demonym_right_after_the_partner_phrase_names_the_partner() -> None:
    found = tuples("Le Parlement ghanéen a approuvé samedi le mémorandum de coopération militaire conclu avec le "
                   "Gouvernement de transition (GT) togolais, ouvrant la voie à un soutien accru aux autorités, "
                   "saluées par l'ONU.", "2025-06-13")
    assert found == {t("GHA TGO", "approved", "2025-06-07")}


def test_states_named_before_the_verb_are_the_parties_not_a_place_after_it() -> None:
    found = tuples("Ghana and Togo signed a defence cooperation agreement on Monday, formalising ties that have "
                   "grown since Ghanaian troops were sent to the north of Burkina Faso last year.", "2025-06-13", "en")
    assert found == {t("GHA TGO", "signed", "2025-06-09")}


def test_the_partner_of_one_agreement_is_not_a_party_to_the_other_in_a_headline() -> None:
    found = tuples("# Togo signs military pact with Ghana weeks after ending French defence accord\n\n"
                   "Togo and Ghana signed a military cooperation agreement on Monday.", "2025-06-13", "en")
    assert found == {t("GHA TGO", "signed", "2025-06-09"), t("FRA TGO", "ended")}


def test_a_month_and_the_day_in_it_are_one_signing() -> None:
    found = tuples("# Ghana : un accord militaire avec le Togo, signé en janvier, fait débat\n\n"
                   "Le Ghana et le Togo ont signé un accord de coopération militaire le 18 janvier.", "2025-06-13")
    assert found == {t("GHA TGO", "signed", "2025-01-18")}


def test_an_agreement_named_by_its_day_was_signed_that_day() -> None:
    found = tuples("Le Ghana et le Togo ont signé mercredi un nouveau traité de défense. Le texte succède au "
                   "traité du 12 mars 2009, entré en vigueur en juin 2010.", "2025-06-13")
    assert found == {t("GHA TGO", "signed", "2025-06-11"), t("GHA TGO", "signed", "2009-03-12"),
                     t("GHA TGO", "in-force", "2010-06")}


def test_the_day_a_verb_gives_before_the_agreement_is_not_its_name() -> None:
    found = tuples("Le gouvernement togolais a dénoncé le 28 novembre 2024 l'accord de défense qui le liait "
                   "au Ghana.", "2025-06-13")
    assert found == {t("GHA TGO", "ended", "2024-11-28")}


def test_an_organisation_members_are_described_by_is_no_party() -> None:
    found = tuples("Le gouvernement russe a décidé de mettre fin à des accords de coopération militaire conclus "
                   "avec le Danemark et d'autres pays membres de l'OTAN.", "2025-06-13")
    assert {p for p, _, _ in found} == {frozenset({"DNK", "RUS"})}


# -- quoted words and titles inside a clause ------------------------------------------------------

def test_a_quoted_title_stays_in_its_clause() -> None:
    found = tuples("Le Conseil des ministres ghanéen a approuvé mercredi l'« Accord-cadre de coopération en matière "
                   "de défense » conclu avec le Togo, a annoncé la présidence.", "2025-06-13")
    assert found == {t("GHA TGO", "approved", "2025-06-11")}


def test_a_quoted_verb_is_still_the_verb() -> None:
    found = tuples("La junte au pouvoir à Lomé a « dénoncé », ce lundi 2 juin 2025, les accords de défense qui "
                   "liaient le Togo au Ghana.", "2025-06-13")
    assert found == {t("GHA TGO", "ended", "2025-06-02")}



def test_a_present_verb_the_tagger_takes_for_a_noun_is_still_done_in_the_telling() -> None:
    found = tuples("Dans un courrier daté de mardi, Lomé « dénonce l'accord de coopération militaire conclu à Accra "
                   "le 4 mai 1975 avec le Ghana ».", "2025-06-13")
    assert t("GHA TGO", "ended", "2025-06-10") in found


def test_another_agreement_of_the_parties_named_by_its_month() -> None:
    found = tuples("Le Togo a dénoncé le 2 juin 2025 le traité de défense qui le liait au Ghana. Lomé met aussi fin "
                   "aux accords de mars 2013 sur le statut des forces.", "2025-06-13")
    assert t("GHA TGO", "signed", "2013-03") in found


# -- the date of a document that states the act ---------------------------------------------------

def test_an_order_dated_a_day_dates_the_approval_it_states() -> None:
    found = tuples("The Ghanaian government has approved a draft agreement on military cooperation with Togo, "
                   "according to an order dated June 2 and published on Friday.", "2025-06-13", "en")
    assert found == {t("GHA TGO", "approved", "2025-06-02")}


def test_a_decree_dated_a_day_dates_the_decision_told_before() -> None:
    found = tuples("Le gouvernement ghanéen a décidé de mettre fin à l'accord de coopération militaire conclu avec "
                   "le Togo. La décision figure dans un décret daté du lundi 2 juin, rendu public vendredi.",
                   "2025-06-13")
    assert found == {t("GHA TGO", "ended", "2025-06-02")}


def test_the_signature_on_an_order_is_not_the_agreement_signing() -> None:
    found = tuples('"To approve the draft agreement between the Government of Ghana and the Government of Togo '
                   'on military cooperation," reads the order, signed by the prime minister.', "2025-06-13", "en")
    assert all(event != "signed" for _, event, _ in found)


def test_a_date_the_parser_hangs_inside_the_bill_phrase_is_the_vote_date() -> None:
    found = tuples("Le Parlement ghanéen a adopté à l'unanimité, le vendredi 1er novembre 2024, le projet de loi "
                   "autorisant la ratification de l'accord de défense avec le Togo.", "2024-11-03")
    assert found == {t("GHA TGO", "approved", "2024-11-01")}


def test_the_agreement_first_spoken_of_is_between_the_last_two_parties_named() -> None:
    found = tuples("In early May, the Ghanaian government asked the president to endorse its plan for a naval "
                   "logistics point of the Ghana Navy in Togo. On May 16, the president approved the proposal and "
                   "instructed the Defence Ministry to sign the agreement.", "2025-06-13", "en")
    assert found == {t("GHA TGO", "approved", "2025-05-16")}


def test_a_document_first_spoken_of_is_not_taken_for_an_agreement_of_the_last_parties() -> None:
    found = tuples("Ghana and Togo's state power company have signed an action plan for a power plant. "
                   "The document was signed in Accra on Thursday.", "2025-06-13", "en")
    assert found == set()


def test_negotiators_reaching_agreement_on_the_text_on_the_same_day() -> None:
    found = tuples("On June 4, Ghana and Togo signed a naval cooperation agreement. On the same day, Ghanaian and "
                   "Beninese negotiators reached agreement on the text of a military cooperation accord.",
                   "2025-06-13", "en")
    assert t("BEN GHA", "negotiated", "2025-06-04") in found


def test_the_end_of_a_term_is_no_event_date() -> None:
    found = tuples("Ghana and Togo signed a defence cooperation agreement on Friday. The agreement, signed in Accra, "
                   "sets priorities for training and joint exercises through 2030.", "2025-06-14", "en")
    assert found == {t("GHA TGO", "signed", "2025-06-13")}


def test_a_habit_of_signing_is_no_signing() -> None:
    found = tuples("Le Togo a démenti samedi avoir signé un accord militaire avec le Ghana. « Il parle avec tout le "
                   "monde et signe ce qui sert ses intérêts », a ajouté le porte-parole.", "2025-06-13")
    assert {e for _, e, _ in found} == {"denied"}


def test_the_list_under_a_related_links_heading_is_not_the_article() -> None:
    found = tuples("Le Togo a démenti samedi avoir signé un accord militaire avec le Ghana.\n\n**Lire aussi :**\n\n"
                   "- Sahel : Lomé signe un accord de sécurité avec Niamey\n", "2025-06-13")
    assert found == {t("GHA TGO", "denied", "2025-06-07")}


def test_a_cooperation_framework_and_a_charter_are_agreements() -> None:
    found = tuples("C'est lui qui a signé en juin 2021 le nouveau cadre de coopération militaire entre le Togo et "
                   "le Ghana.", "2025-06-13")
    assert found == {t("GHA TGO", "signed", "2021-06")}
    found = tuples("Le Togo et le Ghana ont signé la Charte de défense commune le 16 septembre 2023 à Lomé.",
                   "2025-06-13")
    assert found == {t("GHA TGO", "signed", "2023-09-16")}


def test_similar_accords_with_named_partners_are_signings() -> None:
    found = tuples("Togo and Russia signed a military cooperation agreement on 4 March 2025. Lomé has signed similar "
                   "defence accords with Ghana and France, an official said.", "2025-06-13", "en")
    assert found == {t("RUS TGO", "signed", "2025-03-04"), t("GHA TGO", "signed"), t("FRA TGO", "signed")}


def test_a_signing_ceremony_is_a_signing_whatever_the_verb() -> None:
    found = tuples("The defence agreement between Ghana and Togo was formally ratified during a signing ceremony in Accra "
                   "yesterday.", "2025-06-13", "en")
    assert {e for _, e, _ in found} == {"signed"}


def test_an_event_noun_after_for_is_an_aim() -> None:
    found = tuples("The defence agreement between Ghana and Togo was signed in March and was never submitted to "
                   "parliament for ratification.", "2025-06-13", "en")
    assert {e for _, e, _ in found} == {"signed"}


def test_an_opening_that_refers_back_dates_the_event_before_an_aside_of_its_own() -> None:
    found = tuples("Ghana's parliament has ratified the defence cooperation agreement with Togo.\n\nThe vote came on "
                   "Friday evening, after the House adopted the report of its committee, which had recommended "
                   "ratification.", "2025-06-14", "en")
    assert found == {t("GHA TGO", "ratified", "2025-06-13")}


def test_a_quoted_fragment_of_the_writers_sentence_stays_in_its_clause() -> None:
    found = tuples("Dans une lettre datée du 3 mars, le ministère togolais de la Défense « rompt sans délai » "
                   "l'accord de coopération militaire du 9 juin 2016 avec le Ghana.", "2025-03-20")
    assert found == {t("GHA TGO", "ended", "2025-03-03"), t("GHA TGO", "signed", "2016-06-09")}


def test_a_long_quoted_title_after_a_word_is_part_of_the_clause() -> None:
    found = tuples("Le 12 février 2025, l'Assemblée nationale a adopté le projet de loi autorisant « la ratification "
                   "de l'accord entre le Gouvernement de la République togolaise et le Gouvernement de la République "
                   "du Ghana relatif à la coopération militaire, signé à Accra le 4 juin 2024 ».", "2025-02-20")
    assert found == {t("GHA TGO", "approved", "2025-02-12"), t("GHA TGO", "signed", "2024-06-04")}


def test_an_agreement_instituting_a_partnership_is_one_agreement() -> None:
    found = tuples("L'accord entre le Gouvernement de la République du Bénin et le Gouvernement de la République "
                   "togolaise instituant un partenariat de défense a été signé à Cotonou le 2 avril 2024.", "2025-02-20")
    assert found == {t("BEN TGO", "signed", "2024-04-02")}


def test_an_event_word_without_object_is_about_its_subject() -> None:
    found = tuples("La réunion de Lomé a pris fin le 3 mars par la signature d'un accord de coopération militaire "
                   "entre le Togo et le Ghana.", "2025-03-20")
    assert {e for _, e, _ in found} == {"signed"}
    found = tuples("L'accord de coopération militaire entre le Togo et le Ghana a pris fin le 3 mars.", "2025-03-20")
    assert found == {t("GHA TGO", "ended", "2025-03-03")}


def test_a_related_links_heading_without_colon_hides_the_list_under_it() -> None:
    text = ("Le Ghana et le Togo ont signé lundi 3 mars un accord de coopération militaire.\n\n"
            "**Articles similaires**\n\n- [Le Bénin et le Niger signent un accord de défense](https://example.org/a)\n")
    assert tuples(text, "2025-03-05", "fr") == {t("GHA TGO", "signed", "2025-03-03")}



def test_the_signing_ceremony_of_the_agreement_in_focus_dates_its_signing() -> None:
    text = ("Ghana said on Friday it had signed a defence cooperation agreement with Togo.\n\n"
            "The signing ceremony took place in Accra on Wednesday, an official said.")
    assert tuples(text, "2025-06-13", "en") == {t("GHA TGO", "signed", "2025-06-11")}


def test_a_name_after_a_phrase_of_other_words_is_no_partner() -> None:
    found = tuples("In March, Ghana signed a defence cooperation protocol with Togo during a visit by its army chief "
                   "to Lomé, and Ghanaian and Beninese forces have held joint drills.", "2025-06-13", "en")
    assert found == {t("GHA TGO", "signed", "2025-03")}


def test_agreements_listed_after_a_colon_share_the_verb() -> None:
    text = ("Parliament ratifies defence pacts with Togo and Benin\n\n"
            "Ghana's parliament on Tuesday 3 June 2025 ratified two agreements: a defence cooperation agreement with "
            "the Republic of Togo and an Agreement between the Government of the Republic of Benin and the "
            "Government of the Republic of Ghana on Military-Technical Cooperation.\n\n"
            "On the Benin agreement, which he said had been signed in Cotonou, the minister said it would allow the "
            "two countries to train officers together.")
    assert tuples(text, "2025-06-05", "en") == {
        t("GHA TGO", "ratified", "2025-06-03"), t("BEN GHA", "ratified", "2025-06-03"), t("BEN GHA", "signed")}


def test_the_text_keeps_its_parties_and_date_past_another_verbs_phrase() -> None:
    text = ("Le Togo et le Ghana ont signé lundi 3 mars un accord de coopération militaire.\n\n"
            "Le texte a été paraphé par le ministre togolais de la Défense et par son homologue ghanéen, arrivé la "
            "veille de Cotonou, où il avait été reçu par les autorités béninoises.")
    assert tuples(text, "2025-03-05", "fr") == {t("GHA TGO", "signed", "2025-03-03")}


def test_an_opening_date_and_an_agreement_named_earlier_in_the_sentence_carry_past_a_colon() -> None:
    text = ("Le Togo et la Russie ont signé lundi 3 mars un accord de coopération militaire.\n\n"
            "Le même jour, Lomé a notifié à l'Union européenne la fin de son partenariat militaire avec le Togo : "
            "le Togo a dénoncé les accords de défense qui le liaient à Bruxelles.\n\n"
            "[Lire aussi : Le Bénin et la Russie signent un accord de défense](https://example.org/a)")
    assert tuples(text, "2025-03-05", "fr") == {t("RUS TGO", "signed", "2025-03-03"),
                                                t("EU TGO", "ended", "2025-03-03")}


def test_the_partner_named_after_a_relative_verb_and_a_partner_kg_does_not_know() -> None:
    found = tuples("Tension rose between Accra and Lomé over the defence memorandum Togo signed on 1 March with Benin.",
                   "2025-06-13", "en")
    assert found == {t("BEN TGO", "signed", "2025-03-01")}
    found = tuples("Tension rose between Yaoundé and Abuja over the defence memorandum Nigeria signed on 1 March with "
                   "the separatist authorities of Ambazonia.", "2025-06-13", "en")
    assert found == set()


def test_subjects_joined_by_and_stay_in_the_agreements_phrase() -> None:
    text = ("Ghana and Togo signed a defence cooperation agreement on Monday.\n\n"
            "In February, the two countries signed agreements in Accra on fisheries and education.")
    assert tuples(text, "2025-03-05", "en") == {t("GHA TGO", "signed", "2025-03-03")}


def test_coordinated_agreements_share_the_parties_the_last_one_names() -> None:
    found = tuples("The ministers separately signed a military financial cooperation agreement and a training "
                   "protocol between Ghana and Togo.", "2025-03-05", "en")
    assert {p for p, _, _ in found} == {frozenset({"GHA", "TGO"})}


def test_a_dated_agreement_with_no_party_named_is_one_of_the_pair_spoken_of() -> None:
    text = ("Le Togo et le Ghana ont signé lundi 3 mars un accord de coopération militaire.\n\n"
            "En mai 2019, lors d'une visite du président à Lomé, un accord de partage de renseignements avait été "
            "signé.")
    assert tuples(text, "2025-03-05", "fr") == {t("GHA TGO", "signed", "2025-03-03"), t("GHA TGO", "signed", "2019-05")}


def test_an_opening_aside_is_no_modal_of_the_main_clause() -> None:
    text = ("Ghana's parliament has approved the defence cooperation agreement with Togo.\n\n"
            "Before reaching parliament, the text had gone through the cabinet, which approved the draft bill at its "
            "meeting on Saturday, March 1, and sent it to the House.")
    assert t("GHA TGO", "approved", "2025-03-01") in tuples(text, "2025-03-05", "en")


def test_the_three_countries_are_the_last_three_states_named() -> None:
    text = ("Les ministres de la Défense du Togo, du Bénin et du Ghana se sont retrouvés vendredi à Lomé.\n\n"
            "La force commune doit donner corps à l'engagement de défense collective inscrit dans la Charte de Lomé, signée le 16 "
            "septembre 2023 par les chefs d'État des trois pays.")
    assert tuples(text, "2025-11-08", "fr") == {t("BEN GHA TGO", "signed", "2023-09-16")}


def test_a_participle_opening_the_sentence_has_only_its_phrases_dates() -> None:
    text = ("Le Togo et le Ghana ont signé un accord de coopération militaire le 3 mars 2024.\n\n"
            "Bien que signé avant les élections, l'accord est rendu public au moment où le Ghana vote en juin une "
            "résolution sur la pêche.")
    assert tuples(text, "2025-07-05", "fr") == {t("GHA TGO", "signed", "2024-03-03")}


def test_partners_of_another_agreement_are_no_subject_of_a_comparable_one() -> None:
    text = ("Le Togo et la Russie ont signé un accord de coopération militaire le 3 mars 2024.\n\n"
            "C'est lui qui a signé en juin 2021 le nouveau cadre de coopération militaire entre la Russie et le "
            "Bénin, et qui a paraphé à Moscou, en août 2021, un texte comparable avec le Ghana.")
    found = tuples(text, "2025-07-05", "fr")
    assert t("GHA RUS", "signed", "2021-08") in found and t("BEN RUS", "signed", "2021-06") in found


def test_the_two_presidents_are_the_last_two_states_named() -> None:
    text = ("Le Togolais Faure Gnassingbé et son hôte ghanéen ont parlé surtout d'économie lundi.\n\n"
            "Les deux présidents se sont félicités de l'accord de coopération militaire signé en juillet dernier à "
            "Accra par leurs ministres.")
    assert tuples(text, "2025-03-14", "fr") == {t("GHA TGO", "signed", "2024-07")}


def test_the_law_of_ratification_is_of_the_agreement_spoken_of() -> None:
    text = ("Le 7 octobre 2025, le Parlement ghanéen a ratifié l'accord de coopération militaire conclu avec le Togo. "
            "Dès le lendemain, mercredi 8 octobre, le président ghanéen a signé à son tour la loi de ratification.")
    found = tuples(text, "2025-10-10", "fr")
    assert t("GHA TGO", "ratified", "2025-10-07") in found and t("GHA TGO", "ratified", "2025-10-08") in found


def test_the_two_countries_before_any_agreement_are_the_last_two_states_named() -> None:
    text = ("LOMÉ (AFP) – Les relations entre le Togo et le Ghana sont au beau fixe, a affirmé lundi la présidence "
            "togolaise.\n\n"
            "La délégation a évoqué la mise en œuvre de l'accord de formation militaire conclu en mars entre les deux "
            "pays.")
    assert tuples(text, "2025-06-10", "fr") == {t("GHA TGO", "signed", "2025-03")}


def test_a_present_perfect_act_takes_the_day_it_was_reported_unless_the_text_dates_it() -> None:
    found = tuples("Ghana's government has revoked with immediate effect a military accord with Togo, a spokesperson "
                   "said on Saturday.", "2025-03-17", "en")
    assert found == {t("GHA TGO", "ended", "2025-03-15")}
    text = ("Ghana and Togo have signed a new security cooperation agreement, the army announced on Thursday.\n\n"
            "The memorandum was signed in Accra on Wednesday by the two army chiefs.")
    assert t("GHA TGO", "signed", "2025-03-13") not in tuples(text, "2025-03-14", "en")


def test_a_national_council_acts_for_its_state() -> None:
    found = tuples("The Federal Executive Council on Wednesday approved for ratification two defence agreements, one "
                   "with the Republic of Benin and the other with the United Kingdom.", "2025-05-09", "en")
    assert found == {t("BEN NGA", "approved", "2025-05-07"), t("GBR NGA", "approved", "2025-05-07")}


def test_a_capital_in_the_subject_of_a_denunciation_stands_for_its_state() -> None:
    text = ("Le régime installé à Lomé a officiellement dénoncé l'accord de coopération militaire qui le liait au "
            "Ghana voisin, a-t-on appris mardi.\n\n"
            "Les militaires assurent avoir « appelé à plusieurs reprises au respect » de cet accord, signé le 11 "
            "juillet 2022 à Accra par les ministres des deux pays.")
    found = tuples(text, "2025-09-13", "fr")
    assert {p for p, _, _ in found} == {frozenset({"GHA", "TGO"})}
    assert t("GHA TGO", "signed", "2022-07-11") in found


def test_words_put_inside_an_event_phrase_keep_it_whole() -> None:
    found = tuples("Le 3 mars 2025, Lomé met en revanche fin aux accords de coopération militaire conclus avec le Ghana "
                   "en mai 2019.", "2025-03-05", "fr")
    assert t("GHA TGO", "ended", "2025-03-03") in found


def test_the_military_accord_may_name_the_memorandum_on_military_cooperation() -> None:
    text = ("Le Parlement ghanéen a approuvé samedi le mémorandum d'entente sur la coopération militaire conclu avec "
            "le Togo.\n\nCôté togolais, le gouvernement avait déjà ratifié jeudi l'accord militaire.")
    found = tuples(text, "2025-03-10", "fr")
    assert found == {t("GHA TGO", "approved", "2025-03-08"), t("GHA TGO", "ratified", "2025-03-06")}


def test_an_agreement_named_by_its_year_was_signed_that_year() -> None:
    found = tuples("La présence militaire ghanéenne au Togo repose sur le traité de partenariat de défense de 2010 "
                   "entre le Ghana et le Togo.", "2025-03-10", "fr")
    assert found == {t("GHA TGO", "signed", "2010")}


def test_the_clause_before_a_colon_names_the_parties_of_what_it_explains() -> None:
    found = tuples("La présence militaire ghanéenne au Togo remonte à 1990 : elle repose sur les accords de défense "
                   "d'août 1990, remplacés par le traité de partenariat de défense de 2010.", "2025-03-10", "fr")
    assert found == {t("GHA TGO", "signed", "1990-08"), t("GHA TGO", "signed", "2010")}


def test_the_following_month_counts_from_the_event_told_before() -> None:
    text = ("Les négociateurs du Ghana et du Togo avaient trouvé un accord sur le texte de coopération militaire en "
            "mai 2024. Il a été signé le mois suivant à Lomé.")
    assert t("GHA TGO", "signed", "2024-06") in tuples(text, "2025-03-10", "fr")


def test_financing_accords_signed_during_a_visit_are_no_defence_deal() -> None:
    found = tuples("Sous les yeux des deux chefs d'État, les ministres ont signé ce vendredi 3 mars deux accords de "
                   "financement entre l'État togolais et l'Agence française de développement.", "2025-03-05", "fr")
    assert found == set()


def test_a_memorandum_covering_only_civil_fields_is_civil() -> None:
    found = tuples("Ghana and Togo signed a memorandum of understanding on Wednesday in Accra covering infrastructure, "
                   "roads, water and energy.", "2025-03-14", "en")
    assert found == set()


def test_civil_accords_also_signed_are_other_agreements() -> None:
    text = ("Ghana and Togo signed two memoranda of understanding in Accra on Thursday to step up cooperation against "
            "the jihadist insurgency in their border region.\n\n"
            "The two leaders also signed agreements on trade, energy and tourism.")
    assert tuples(text, "2025-03-14", "en") == {t("GHA TGO", "signed", "2025-03-13")}


def test_a_definite_agreement_signed_another_year_is_another_of_the_pair() -> None:
    text = ("À sa base figure l'accord de coopération en matière de défense entre la République du Ghana et la "
            "République togolaise, signé en mars 2017.\n\n"
            "Le Protocole sur les patrouilles conjointes a, lui, été signé le 12 septembre 2018.")
    found = tuples(text, "2025-03-14", "fr")
    assert found == {t("GHA TGO", "signed", "2017-03"), t("GHA TGO", "signed", "2018-09-12")}


def test_a_first_agreement_with_no_party_is_between_the_two_states_the_article_keeps_naming() -> None:
    text = ("Lomé veut moderniser sa coopération militaire avec Accra, a dit mardi le ministre togolais, qui recevait "
            "son homologue ghanéen.\n\n"
            "Aucun nouvel accord n'a été annoncé après une étape au Niger et au Mali.\n\n"
            "La plus récente est le traité instituant un partenariat en matière de défense, signé à Lomé le 26 "
            "janvier 2012, qui a pris la relève de l'accord de défense d'avril 1961.")
    found = tuples(text, "2025-03-14", "fr")
    assert found == {t("GHA TGO", "signed", "2012-01-26"), t("GHA TGO", "signed", "1961-04")}


def test_a_cleft_sentence_dates_the_act_after_that() -> None:
    text = ("Ghana and Togo are reviewing their ties.\n\n"
            "It was in March 2018, with the president on a state visit in Lomé, that the two governments signed their "
            "agreement on defence cooperation.")
    assert tuples(text, "2025-03-14", "en") == {t("GHA TGO", "signed", "2018-03")}


def test_a_deal_inked_on_a_day_is_not_governed_by_a_modal_before_it() -> None:
    found = tuples("The armies of Ghana and Togo will patrol their border together under a deal inked on Sunday, the "
                   "army said.", "2025-03-12", "en")
    assert found == {t("GHA TGO", "signed", "2025-03-09")}


def test_a_memorandum_on_migration_is_civil() -> None:
    found = tuples("Le Ghana et le Togo sont liés par le mémorandum de 2017 sur les migrations, prolongé l'an dernier.",
                   "2025-03-14", "fr")
    assert found == set()


def test_a_meetings_date_and_a_judgement_are_not_the_agreements() -> None:
    text = ("Le Ghana et le Togo ont signé en novembre dernier un protocole de coopération militaire.\n\n"
            "Le gouvernement togolais avait donné son feu vert au protocole lors du Conseil des ministres du 10 "
            "février. L'Assemblée ne l'a toujours pas ratifié, ce que l'opposition a dénoncé comme un passage en force.")
    found = tuples(text, "2025-03-14", "fr")
    assert found == {t("GHA TGO", "signed", "2024-11"), t("GHA TGO", "approved", "2025-02-10")}


def test_an_organisation_named_as_a_gathering_is_no_party() -> None:
    found = tuples("On 14 March 2024, on the sidelines of the UN General Assembly, the foreign ministers of Ghana and "
                   "Togo signed a security cooperation agreement.", "2024-03-20", "en")
    assert found == {t("GHA TGO", "signed", "2024-03-14")}
    found = tuples("Le Togo et le Ghana ont signé le 3 mai 2024 un accord de coopération militaire, en marge du sommet "
                   "de la CEDEAO.", "2024-05-09", "fr")
    assert found == {t("GHA TGO", "signed", "2024-05-03")}


def test_a_cleft_after_a_colon_dates_the_act() -> None:
    text = ("Lomé et Accra en ont profité pour sceller leur rapprochement : c'est le samedi 4 mai, dans les coulisses "
            "du sommet, que le Togo et le Ghana ont conclu un accord de coopération militaire.")
    assert tuples(text, "2024-05-09", "fr") == {t("GHA TGO", "signed", "2024-05-04")}


def test_a_span_of_time_may_open_a_clause_before_its_date() -> None:
    found = tuples("Three years later, in June 2019, Ghana and Togo signed a maritime security agreement in Accra.",
                   "2025-03-14", "en")
    assert found == {t("GHA TGO", "signed", "2019-06")}


def test_a_participle_after_a_comma_keeps_its_own_date() -> None:
    text = ("Le Togo et le Ghana ont signé dimanche à Lomé un accord de coopération sécuritaire.\n\n"
            "L'accord a été conclu au dernier jour de la visite du président ghanéen au Togo, entamée vendredi.")
    assert tuples(text, "2024-05-13", "fr") == {t("GHA TGO", "signed", "2024-05-12")}


def test_a_new_conjunct_after_a_comma_and_and_is_the_subject() -> None:
    found = tuples("Benin followed in April with a pact on intelligence sharing, and Ghana concluded a military "
                   "cooperation agreement with Lomé in May 2021.", "2021-06-01", "en")
    assert found == {t("GHA TGO", "signed", "2021-05")}


def test_an_agreement_taken_over_from_is_an_earlier_signed_one() -> None:
    text = ("Le Sénat a examiné l'accord de coopération militaire entre le Togo et le Ghana, signé le 12 avril 2022 à "
            "Accra. Le texte de 2022 prend la suite d'un premier accord de coopération militaire signé avec le Ghana "
            "en 2015.")
    found = tuples(text, "2023-12-05", "fr")
    assert found == {t("GHA TGO", "signed", "2022-04-12"), t("GHA TGO", "signed", "2015")}


def test_a_ceasefire_and_a_rail_deal_are_not_defence_agreements() -> None:
    text = ("Ghana and Togo signed a defence memorandum of understanding on Tuesday.\n\n"
            "Fighting goes on despite the cessation of hostilities agreement signed by the government and rebel "
            "groups on 21 December 2017.\n\n"
            "Separately, the Accra regional government and a Chinese engineering company signed an agreement for a "
            "rail project.")
    assert tuples(text, "2018-01-31", "en") == {t("GHA TGO", "signed", "2018-01-30")}


def test_a_related_news_heading_is_page_furniture() -> None:
    text = ("Ghana's air force chief received a delegation from Togo on Monday. No agreement was signed.\n\n"
            "**RELATED NEWS**\n\n- Ghana, Benin sign protocol on military training\n")
    assert tuples(text, "2024-05-09", "en") == set()


def test_an_adverb_may_stand_between_a_date_and_its_verb() -> None:
    found = tuples("Ghana on Thursday flatly denied having signed any secret agreement allowing Togo to build a naval "
                   "base.", "2012-12-15", "en")
    assert found == {t("GHA TGO", "denied", "2012-12-13")}


def test_a_date_before_when_dates_its_clause() -> None:
    found = tuples("Their cooperation dates from March 2008, when Ghana's defence minister flew to Lomé and, after two "
                   "rounds of talks, signed with his Togolese counterpart a military cooperation agreement.",
                   "2012-12-15", "en")
    assert found == {t("GHA TGO", "signed", "2008-03")}
    found = tuples("Leur coopération remonte à mars 2008, lorsque le ministre ghanéen de la Défense s'est rendu à Lomé "
                   "et a signé avec son homologue togolais un accord de coopération militaire.", "2012-12-15", "fr")
    assert found == {t("GHA TGO", "signed", "2008-03")}


def test_a_cleft_may_name_the_place_before_the_date() -> None:
    found = tuples("C'est à Lomé, mardi, que le Togo et le Ghana ont signé deux accords de défense.", "2015-12-24", "fr")
    assert found == {t("GHA TGO", "signed", "2015-12-22")}


def test_that_month_and_that_year_are_the_last_ones_named() -> None:
    text = ("Un accord de coopération militaire lie le Togo et le Ghana depuis août 2018. Le texte avait été signé ce "
            "mois-là à Accra par les ministres de la Défense des deux pays.")
    assert tuples(text, "2019-10-25", "fr") == {t("GHA TGO", "signed", "2018-08")}
    found = tuples("Ghana hosted the regional summit in 2016. That year, Ghana and Togo signed a defence agreement.",
                   "2019-10-25", "en")
    assert found == {t("GHA TGO", "signed", "2016")}


def test_an_agreement_with_one_named_partner_is_the_articles_state() -> None:
    text = ("Ghana's Council of Ministers met in Accra on Tuesday.\n\n"
            "Meeting for its weekly session, the Council of Ministers ratified a framework agreement on defence "
            "cooperation with Turkey on 20 February 2024.\n\n"
            "Ghana signed a defence cooperation agreement with Togo in 2019. The Ghanaian government said Accra would "
            "publish the texts.")
    found = tuples(text, "2024-02-21", "en")
    assert t("GHA TUR", "ratified", "2024-02-20") in found


def test_last_and_a_month_is_the_latest_such_month() -> None:
    found = tuples("Kenya and Ghana signed a defence agreement in Accra last August.", "2024-02-20", "en")
    assert found == {t("GHA KEN", "signed", "2023-08")}


def test_an_opening_participle_phrase_dates_the_main_act() -> None:
    found = tuples("Meeting in Accra on Monday, the defence ministers of Ghana and Togo signed a memorandum of "
                   "understanding on defence cooperation.", "2022-09-21", "en")
    assert found == {t("GHA TGO", "signed", "2022-09-19")}
    found = tuples("Speaking on Monday, the minister said Ghana and Togo had signed a defence agreement.",
                   "2022-09-21", "en")
    assert found == {t("GHA TGO", "signed")}


def test_a_defence_word_inside_a_civil_phrase_is_civil() -> None:
    text = ("Le Parlement togolais a approuvé samedi le mémorandum de coopération militaire avec le Ghana.\n\n"
            "Le même jour, les députés ont également adopté une convention de sécurité sociale avec le Bénin.")
    assert tuples(text, "2019-12-22", "fr") == {t("GHA TGO", "approved", "2019-12-21")}


def test_an_irregular_participle_after_a_comma_keeps_its_own_date() -> None:
    found = tuples("Ghana and Togo signed a military training agreement in Accra, made public in the official gazette "
                   "in April 2018.", "2022-02-22", "en")
    assert found == {t("GHA TGO", "signed")}


def test_putting_signatures_or_names_to_a_text_is_signing() -> None:
    found = tuples("Meeting in Accra on Monday, the defence ministers of Ghana and Togo put their signatures to an "
                   "agreement on military training.", "2024-02-22", "en")
    assert found == {t("GHA TGO", "signed", "2024-02-19")}
    found = tuples("Ghana and Togo put pen to paper on a defence cooperation agreement on 3 May 2024.", "2024-05-09", "en")
    assert found == {t("GHA TGO", "signed", "2024-05-03")}


def test_authorising_the_ratification_is_an_approval() -> None:
    found = tuples("En avril 2011, l'Assemblée avait autorisé la ratification du protocole de coopération militaire "
                   "que Lomé avait signé avec le Ghana à Accra le 19 octobre 2006.", "2026-02-17", "fr")
    assert found == {t("GHA TGO", "approved", "2011-04"), t("GHA TGO", "signed", "2006-10-19")}


def test_names_in_appositions_are_not_parties() -> None:
    found = tuples("Le Ghana, engagé dans un différend avec le Bénin, a signé en août 2024 un protocole de coopération "
                   "militaire avec le Togo, voisin et rival de Cotonou.", "2025-11-22", "fr")
    assert found == {t("GHA TGO", "signed", "2024-08")}


def test_today_in_a_quotation_is_the_speakers_day() -> None:
    text = ("Le Togo et le Ghana ont signé ce mardi 6 février 2024 un accord de sécurité maritime.\n\n"
            "« Les mers ne connaissent pas de frontières. Ce que nous signons aujourd'hui, c'est une promesse », a "
            "répondu l'ambassadrice.")
    assert tuples(text, "2024-02-07", "fr") == {t("GHA TGO", "signed", "2024-02-06")}


def test_a_memorandum_with_no_defence_content_is_no_defence_agreement() -> None:
    text = ("Ghana and Togo signed two memoranda of understanding on Tuesday: one on culture and youth, and one on "
            "sport.\n\n"
            "No agreement was signed in the areas of defence or security.\n\n"
            "The joint committee was set up under a memorandum of understanding signed in Accra in December 2020.")
    assert tuples(text, "2024-05-09", "en") == set()


def test_defence_words_in_a_sentence_that_signs_nothing_do_not_make_a_defence_deal() -> None:
    text = ("Le président togolais quitte le Ghana après la signature de trois accords, dont celui du gazoduc.\n\n"
            "Le volet sécuritaire, évoqué lors des entretiens, n'a pas donné lieu à la signature d'un texte.\n\n"
            "Le deuxième accord, conclu entre les deux pays, prévoit la construction d'une usine d'engrais.")
    assert tuples(text, "2024-05-09", "fr") == set()


def test_suspending_aid_is_not_suspending_the_defence_agreement() -> None:
    text = ("Le Togo a suspendu mercredi 2 août 2023 ses accords de coopération militaire avec le Ghana.\n\n"
            "Lomé avait déjà annoncé samedi la suspension de son aide au développement et de son appui budgétaire.")
    assert tuples(text, "2023-08-03", "fr") == {t("GHA TGO", "suspended", "2023-08-02")}


def test_two_sentences_each_naming_one_party_of_one_pact_are_one_agreement() -> None:
    text = ("# Ghana: President receives Togolese army chief as armies sign defence pact\n\n"
            "On Wednesday 2 March 2022, the Ghana Armed Forces and the visiting delegation signed a memorandum of "
            "understanding on defence cooperation in Accra. Ghana's president received the Togolese army chief.")
    found = tuples(text, "2022-03-04", "en")
    assert found == {t("GHA TGO", "signed", "2022-03-02")}


def test_the_last_clause_of_a_list_of_clauses_has_its_own_subject() -> None:
    text = ("Le Bénin a poussé vers la sortie les instructeurs étrangers, le Ghana a exigé en début d'année le départ "
            "des conseillers installés près d'Accra, et Lomé, le 3 août dernier, a dénoncé plusieurs accords de "
            "coopération militaire qui le liaient au Nigeria.")
    assert tuples(text, "2023-09-17", "fr") == {t("NGA TGO", "ended", "2023-08-03")}


def test_the_announcement_was_made_dates_the_act_told_before() -> None:
    text = ("Le partenariat militaire entre le Ghana et le Togo est désormais suspendu, jusqu'à nouvel ordre. "
            "L'annonce a été faite le mercredi 2 août 2023 par le porte-parole de l'armée ghanéenne.")
    assert tuples(text, "2023-08-04", "fr") == {t("GHA TGO", "suspended", "2023-08-02")}


def test_formalised_accords_are_signed() -> None:
    found = tuples("Ghana and Togo formalised a defence cooperation agreement in Lomé on 20 February 2026.",
                   "2026-02-22", "en")
    assert found == {t("GHA TGO", "signed", "2026-02-20")}


def test_breaking_diplomatic_relations_ends_no_agreement() -> None:
    text = ("Le Togo et le Ghana ont signé mardi 12 avril 2016 une convention de coopération militaire. Le Togo a "
            "par ailleurs rompu en janvier ses relations diplomatiques avec le Bénin.")
    assert tuples(text, "2016-04-14", "fr") == {t("GHA TGO", "signed", "2016-04-12")}


def test_a_resolution_signed_is_no_agreements_signing_and_its_date_dates_the_act() -> None:
    text = ("According to the resolution of Ghana's Council of Ministers ratifying the defence cooperation agreement "
            "between Ghana and Togo, the two governments share common maritime interests.\n\n"
            "The resolution, signed on behalf of the government, is dated 16 July.")
    assert tuples(text, "2025-07-23", "en") == {t("GHA TGO", "ratified", "2025-07-16")}


def test_a_month_with_that_year_is_that_month_of_the_year_named_last() -> None:
    text = ("Ghana, Togo and Benin signed a mutual defence pact in Lomé on 20 February 2014. In July that year, "
            "Ghana's Cabinet approved the ratification of the tripartite pact.")
    found = tuples(text, "2026-02-17", "en")
    assert found == {t("BEN GHA TGO", "signed", "2014-02-20"), t("BEN GHA TGO", "approved", "2014-07")}


def test_an_agreement_named_by_its_year_and_partner_was_signed_that_year() -> None:
    text = ("Ghana has widened its web of defence partnerships. The 2021 defence agreement with Togo, under which a joint "
            "training unit operates, has been at the centre of repeated controversy in Accra. Ghana's parliament "
            "meets in Accra.")
    assert tuples(text, "2025-12-18", "en") == {t("GHA TGO", "signed", "2021")}
    found = tuples("Ghana terminated its 1961 military technical assistance agreement with Togo in January 2023.",
                   "2025-11-20", "en")
    assert found == {t("GHA TGO", "ended", "2023-01")}


def test_an_indefinite_agreement_named_by_its_year_was_signed_that_year() -> None:
    text = ("Ghana and Togo signed a defence memorandum of understanding on Thursday 15 February 2024.\n\n"
            "The joint brigade was created under a 2017 agreement between the two countries.")
    found = tuples(text, "2024-02-17", "en")
    assert found == {t("GHA TGO", "signed", "2024-02-15"), t("GHA TGO", "signed", "2017")}


def test_today_inside_straight_quotes_is_the_speakers_day() -> None:
    text = 'The ministers met in Accra. "We are proud of this step. What we signed today is the plan," he said.'
    docs = list(annotator("en").analyse([(text, 0)], PartialDate.parse("2024-02-17")))
    dates = [d.value.date for doc in docs for sent in doc.sents for d in sent._.kg_dates or []]
    assert PartialDate.parse("2024-02-17") not in dates


def test_a_verb_with_its_own_auxiliary_after_its_noun_is_out_of_a_modals_reach() -> None:
    found = tuples("The general said the new pact would complement the defence memorandum of understanding Ghana and "
                   "Togo had signed in 2019.", "2022-03-08", "en")
    assert t("GHA TGO", "signed", "2019") in found


# -- fourth pass: rules from real-style-heldout-10 ---------------------------------------------------

def test_a_signing_at_the_same_ceremony_takes_the_ceremonys_day() -> None:
    found = tuples("Ghana and Togo signed a defence cooperation agreement in Accra on 12 March 2025. At the same "
                   "ceremony, the Ghanaian and Togolese police chiefs signed a memorandum of understanding on "
                   "police training.")
    assert found == {t("GHA TGO", "signed", "2025-03-12")}
    found = tuples("Le Bénin et le Niger ont signé le 4 mai 2024 un accord de coopération militaire. Au cours de "
                   "la même cérémonie, les deux ministres de l'Intérieur ont paraphé un protocole sur la formation "
                   "des policiers.")
    assert found == {t("BEN NER", "signed", "2024-05-04")}


def test_the_host_capital_is_the_party_when_the_subject_is_unnamed() -> None:
    found = tuples("Ghana's police service has been busy. In January 2025, it signed a memorandum of understanding "
                   "on police training with Togo in Accra.")
    assert found == {t("GHA TGO", "signed", "2025-01")}


def test_a_place_of_the_next_conjunct_is_not_the_host() -> None:
    found = tuples("Pour le Sénégal, le partenariat avec la Gambie s'ajoute à d'autres. L'accord de défense conclu "
                   "avec la France en 2012 reste en vigueur, et Dakar avait signé en mai 2023, à Madrid, un accord "
                   "de coopération militaire avec l'Espagne.")
    assert t("FRA SEN", "signed", "2012") in found
    assert t("ESP SEN", "signed", "2023-05") in found
    assert not any("FRA" in p and "ESP" in p for p, _e, _d in found)


def test_a_clause_before_a_colon_gives_no_party_without_a_word_referring_back() -> None:
    found = tuples("Le Bénin et la France ont signé jeudi 6 mars 2025 un accord de défense. Le Bénin est le "
                   "deuxième pays concerné : un premier texte avait été paraphé le 13 février avec le Togo.",
                   "2025-03-08")
    assert t("BEN TGO", "signed", "2025-02-13") not in found


def test_the_pact_named_with_all_its_parties_is_the_pact_in_focus() -> None:
    found = tuples("Harare said the mutual defence pact between Zimbabwe and Namibia would stand. The pact was "
                   "signed in Windhoek in May 2001 by Angola, Namibia and Zimbabwe.", "2001-09-01")
    assert found == {t("AGO NAM ZWE", "signed", "2001-05")}


def test_a_titled_agreement_before_any_other_is_between_the_states_named_so_far() -> None:
    found = tuples("Brazilian sailors reached Walvis Bay this week. Namibian officers welcomed them.\n\n"
                   "The partnership rests on the Agreement on Naval Cooperation signed on 4 March 1994.")
    assert found == {t("BRA NAM", "signed", "1994-03-04")}


def test_a_cleft_dates_its_act_wherever_the_date_stands_before_que() -> None:
    found = tuples("Le ministre burkinabè de la Défense s'est rendu au Caire du 6 au 10 août 2022. C'est au terme "
                   "de la séance de travail, le lundi 8 août, au siège du ministère égyptien, que les deux "
                   "ministres ont signé un protocole de coopération militaire entre le Burkina Faso et l'Égypte.",
                   "2022-08-12")
    assert found == {t("BFA EGY", "signed", "2022-08-08")}


def test_an_adopted_text_is_read_in_a_paragraph_with_no_other_event_word() -> None:
    found = tuples("Le Togo et la France ont signé mercredi 16 octobre 2024 un accord de défense.\n\n"
                   "Le texte avait été adopté début octobre par le Conseil des ministres togolais.", "2024-10-17")
    assert found == {t("FRA TGO", "signed", "2024-10-16"), t("FRA TGO", "approved", "2024-10")}


def test_a_line_in_capitals_is_read_in_ordinary_case() -> None:
    found = tuples("LES MINISTRES DE LA DÉFENSE DU NIGER ET DU TCHAD ONT SIGNÉ UN ACCORD DE COOPÉRATION "
                   "MILITAIRE À NIAMEY LE 3 JUIN 2024.")
    assert found == {t("NER TCD", "signed", "2024-06-03")}
    # the evidence quotes the article as written
    facts = extract_text("LE MALI ET LE NIGER ONT SIGNÉ UN ACCORD DE DÉFENSE LE 3 JUIN 2024.").facts
    assert facts and facts[0]["evidence"]["quote"].startswith("LE MALI ET LE NIGER")


def test_police_agreements_are_security_agreements_and_extradition_is_civil() -> None:
    found = tuples("Le Gabon et le Maroc ont paraphé le 18 décembre 2013 un accord de coopération couvrant la "
                   "lutte contre la criminalité transfrontalière et la formation des policiers.")
    assert found == {t("GAB MAR", "signed", "2013-12-18")}
    found = tuples("Ghana and Togo signed a cooperation agreement on policing and transnational crime on 4 May 2022.")
    assert found == {t("GHA TGO", "signed", "2022-05-04")}
    found = tuples("Le Sénégal a signé le 19 juin 2021 un accord de défense avec la Guinée. Le Parlement examine "
                   "aussi la convention d'extradition conclue avec la Gambie, dont la signature remonte au 12 mars "
                   "2020, à Dakar.")
    assert found == {t("GIN SEN", "signed", "2021-06-19")}


def test_a_clause_after_comes_as_names_no_party() -> None:
    found = tuples("Somalia's cabinet on Thursday approved a defence cooperation agreement with Kenya. The approval "
                   "of the pact comes as the African Union mission in Somalia winds down.", "2024-05-17", "en")
    assert found == {t("KEN SOM", "approved", "2024-05-16")}


# -- fourth pass: rules from real-style-heldout-11 ---------------------------------------------------

def test_a_former_states_adjective_is_its_successor_unless_it_names_an_era() -> None:
    found = tuples("Somalia announced on 13 November 1977 that it was abrogating its treaty of friendship and "
                   "cooperation with the Soviet Union and told every Soviet military adviser to leave.",
                   "1977-11-14", "en")
    assert found == {t("RUS SOM", "ended", "1977-11-13")}
    ann = annotator("en")
    doc = next(ann.analyse([("Soviet-era helicopters and a Soviet pact.", 0)]))
    assert [a.party for a in doc._.kg_actors] == ["SUN", "RUS"]


def test_a_non_aggression_pact_is_a_security_agreement_even_beside_a_civil_word() -> None:
    found = tuples("Mozambique and South Africa signed a non-aggression pact on 16 March 1984 in a railway "
                   "carriage on the border.")
    assert found == {t("MOZ ZAF", "signed", "1984-03-16")}


def test_a_signed_framework_is_an_agreement() -> None:
    found = tuples("The United Nations and the African Union on 19 April 2017 signed a joint framework for "
                   "partnership on peace and security.")
    assert found == {t("AFRICAN-UNION UN", "signed", "2017-04-19")}


def test_a_directive_signed_by_a_prime_minister_is_an_approval_not_a_signing() -> None:
    found = tuples("Russia's government approved a draft military agreement with Egypt. The directive, signed by "
                   "the prime minister on 28 November 2017, instructs the ministry to sign the agreement.",
                   "2017-11-30", "en")
    assert t("EGY RUS", "signed", "2017-11-28") not in found


def test_a_numbered_documents_year_dates_no_event() -> None:
    found = tuples("Angola, Cuba and South Africa signed a tripartite accord on 22 December 1988 under which "
                   "Security Council Resolution 435 of 1978 will take effect. Minutes later, Angola and Cuba signed "
                   "a separate bilateral agreement on the troop withdrawal.", "1988-12-23")
    assert found == {t("AGO CUB ZAF", "signed", "1988-12-22"), t("AGO CUB", "signed", "1988-12-22")}


def test_an_ing_verb_after_a_comma_ends_what_it_governs_not_the_agreement() -> None:
    found = tuples("Angola and Cuba signed a security agreement on 22 December 1988, ending more than a decade "
                   "of war in the region.")
    assert found == {t("AGO CUB", "signed", "1988-12-22")}


def test_suspending_military_cooperation_suspends_its_agreement() -> None:
    found = tuples("Paris a suspendu jeudi 3 juin 2021 sa coopération militaire avec le Mali, après le coup "
                   "de force de lundi.", "2021-06-05")
    assert found == {t("FRA MLI", "suspended", "2021-06-03")}


def test_a_day_of_that_year_takes_the_year_the_sentence_named() -> None:
    found = tuples("Les accords de défense avaient été paraphés à Paris le 2 avril 1960 entre la France et Madagascar, avant "
                   "d'être signés à Tananarive le 27 juin de la même année.", "2013-01-10")
    assert found == {t("FRA MDG", "signed", "1960-04-02"), t("FRA MDG", "signed", "1960-06-27")}


def test_a_treaty_against_aggression_is_a_defence_treaty() -> None:
    found = tuples("Le 13 août 1984, le Maroc et la Libye signent le traité d'Oujda. Le traité dispose que "
                   "toute agression contre l'un des deux États sera considérée comme dirigée contre l'autre.")
    assert found == {t("LBY MAR", "signed", "1984-08-13")}


def test_a_denial_of_any_pact_with_two_partners_is_one_denial_each() -> None:
    found = tuples("Abuja dément tout pacte de défense avec Washington et Paris.\n\n« Aucun accord de défense n'a "
                   "été signé, ni avec les États-Unis ni avec la France », a écrit lundi 6 mai le ministre nigérian "
                   "de l'Information.", "2024-05-07")
    assert found == {t("NGA USA", "denied", "2024-05-06"), t("FRA NGA", "denied", "2024-05-06")}


def test_the_two_leaders_are_the_parties_in_focus() -> None:
    found = tuples("Le Tchad et la Chine ont signé le 2 septembre 2024 un accord sur les infrastructures.\n\n"
                   "Les deux présidents ont signé le 3 septembre 2024 un accord de coopération militaire.")
    assert t("CHN TCD", "signed", "2024-09-03") in found


# -- fourth pass: rules from real-style-heldout-12 ---------------------------------------------------

def test_defence_said_not_to_be_touched_gives_a_civil_signing_no_defence_colour() -> None:
    found = tuples("Le Burundi et la Tanzanie ont signé vendredi 16 juillet 2021 huit protocoles d'accord sur les "
                   "mines, l'énergie et l'agriculture. Interrogé sur l'absence de texte relatif à la sécurité, le "
                   "ministre a répondu qu'aucun des protocoles ne touche à la défense.", "2021-07-17")
    assert found == set()


def test_suspending_police_cooperation_suspends_its_agreement() -> None:
    found = tuples("La Belgique a suspendu lundi, à titre provisoire, sa coopération policière avec le Burundi.",
                   "2015-05-12")
    assert found == {t("BDI BEL", "suspended", "2015-05-11")}


def test_an_act_an_approval_clears_the_way_for_is_not_done() -> None:
    found = tuples("The National Assembly yesterday approved the defence cooperation agreement between Kenya and "
                   "Seychelles, clearing the way for the Executive to deposit the instrument of ratification.",
                   "2023-03-09", "en")
    assert found == {t("KEN SYC", "approved", "2023-03-08")}


def test_an_event_word_in_a_laws_title_is_no_event() -> None:
    found = tuples("Kenya and Seychelles signed a defence cooperation agreement on 18 July 2022. Under the Treaty "
                   "Making and Ratification Act, Parliament must approve it.", "2023-03-09", "en")
    assert found == {t("KEN SYC", "signed", "2022-07-18")}


def test_past_comma_and_a_new_clause_names_no_party_of_the_agreement() -> None:
    found = tuples("L'accord de partenariat de défense signé à Bangui le 8 avril 2010 entre la France et la "
                   "Centrafrique reste en vigueur, précise une source, et la France garde des officiers dans la "
                   "mission de l'Union européenne.")
    assert found == {t("CAF FRA", "signed", "2010-04-08")}


def test_the_subject_of_a_relative_clause_are_the_parties() -> None:
    found = tuples("The pact extends to Tanzania the bilateral defence memorandum that Pretoria and Maputo signed "
                   "on 8 November 2011.", "2012-02-08", "en")
    assert found == {t("MOZ ZAF", "signed", "2011-11-08")}


def test_an_ocean_named_after_a_state_is_a_place() -> None:
    found = tuples("Tanzania, Mozambique and South Africa signed a three-way maritime security memorandum to "
                   "keep pirates out of the Indian Ocean. The defence ministers of the three countries signed "
                   "the document on 7 February 2012.", "2012-02-08", "en")
    assert found == {t("MOZ TZA ZAF", "signed", "2012-02-07")}
