"""Key concepts of a question that the knowledge never mentions ("tinnitus", "energy cysts",
"cranial osteopathy"). A passage near such a question is still no answer to it: the assistant says
which concept the article lacks instead of showing the nearest passage.

A concept is a word that is rare in English (wordfreq's bundled frequency list: "tinnitus",
"osteopathy") or one of the common words that name what visitors ask about (body parts, groups of
people, other therapies, institutions: "knee", "babies", "massage", "institute"). Common words
("important", "advantages") and words that frame a question ("appointment", "lol") are not.
A concept counts as mentioned when the knowledge uses it (same Snowball stem), when it is a typo
of a knowledge word, or when the knowledge's everyday-words file maps it to one."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from pathlib import Path

import yaml
from wordfreq import zipf_frequency

from bot.knowledge.terms import canonical_names
from bot.retrieval.lexical import STOPWORDS, stem
from bot.retrieval.query import TypoFixer

# Words that shape a question but name nothing it asks about. Grown from the in-scope questions
# of the tuning sets (eval/retrieval, eval/answers, the knowledge's alternative questions).
FRAME_WORDS = frozenset(
    """
    able about actually afraid again ago also always am anybody anyone anything anyway appointment
    appointments are around ask asking away bad basically because become been before begin being believe
    best better big bit book booking bring can cant could couldnt curious daily day days dear definitely
    describe did didnt different do does doesnt doing done dont each else enough etc even ever every
    everybody everyone everything exactly example explain fine first friend get gets getting give go goes
    going gone good got great guess happen happened happening happens hear heard hello help helped helpful
    helps hey hi honest honestly hope how however idea ill im info information interested isnt ive just
    keep kind know last later least let lets like likely little long look looking lot lots love make
    makes many maybe mean means meant might mind more most much must need needed needs never new next nice
    normal normally now often okay old one ones only other others overall part people person personally
    place please possible pretty probably question questions quite rather ready real really reason recently
    right said same say says see seem seems seen session sessions should since so some someone something
    sometimes soon sort start started still stuff such suppose supposed sure take taking talk tell thank
    thanks thing things think though thought time times today told too treat treated treating treatment
    treatments tried true try trying type typical understand use used using usual usually very visit
    visits want wanted wanting way ways week weeks well went what whats whatever whether which while who
    whole why will wish wonder wondering work worked working works worth would wouldnt yeah year years yes
    yet youre yourself yours ok cst ser therapy therapies therapist therapists practitioner practitioners
    clinic craniosacral cranio sacral somatoemotional somato emotional release sounds works effective
    exactly typically generally mostly totally completely kinda sorta gonna wanna lol pls plz thx
    wat wht beginner beginners complement complements newbie layman tho ur nutshell curious precisely
    hasnt havent wasnt werent arent shouldnt wont hadnt mustnt thats theres youve theyre weve hes shes
    """.split()  # noqa: SIM905
) | frozenset(
    # Chat shorthand and times of day: when and how it is said, never what is asked about.
    """
    hrs hr yrs yr mins min secs rn tbh idk btw bc cuz coz abt ppl smth sth thru omg ngl imo fyi asap
    morning mornings afternoon afternoons evening evenings night nights weekend weekends tonight
    yesterday tomorrow lately nowadays
    """.split()  # noqa: SIM905
)

# Who a question is about: beside a condition the knowledge covers ("can CST help children with
# autism?") they ask about that condition, not about a topic the knowledge lacks.
PEOPLE = frozenset(
    """
    baby babies infant infants newborn newborns toddler toddlers kid kids child children elderly
    husband wife partner boyfriend girlfriend son daughter mum mom dad mother father teenager teenagers
    granddaughter grandson grandchild grandchildren grandma grandmother grandad grandpa grandfather niece
    nephew sister brother friend colleague neighbour neighbor
    """.split()  # noqa: SIM905
)
# Common in English, yet each names a thing a visitor may ask about that an article may lack.
# Parts of the body: a message that names one tells of a complaint (on a clinic's site, a question
# for it: "carpal tunnel in both wrists, numb fingers").
BODY_PARTS = frozenset(
    """
    knee knees hip hips shoulder shoulders ear ears eye eyes wrist wrists ankle ankles elbow elbows foot
    feet leg legs arm arms hand hands toe toes teeth tooth stomach gut bowel bowels bladder heart lung
    lungs skin chest throat nose sinus sinuses pelvis jaw hair finger fingers
    """.split()  # noqa: SIM905
)
# Serious illnesses and events: named beside a covered complaint, they are still the topic ("long
# covid, no energy" asks about long covid, not about energy).
SERIOUS = frozenset(
    """
    cancer diabetes asthma stroke dementia covid flu allergy allergies surgery injury injuries accident
    accidents weight obesity addiction operation smoking smoke cigarettes vaping alcohol
    """.split()  # noqa: SIM905
)
NAMED_CONCEPTS = BODY_PARTS | SERIOUS | frozenset(
    """
    pet pets dog dogs cat cats horse horses animal animals
    massage osteopathy osteopath chiropractor chiropractic physiotherapy physio acupuncture reiki yoga
    meditation hypnotherapy counselling psychotherapy
    hospital hospitals nhs blood psychologist psychiatrist psychotherapist counsellor counselor
    institute institution association academy university college school council board society organisation
    organization foundation
    music oil oils candles incense crystals needles
    tip tips tipping gratuity record recording earrings jewellery jewelry glasses shoes belt jeans
    gloves gloved mouth religious religion spiritual god law legal regulated regulation
    licence license licensed registered certified certification accredited accreditation
    """.split()  # noqa: SIM905
) | PEOPLE
# Common words that name a topic only together: terms of the field ("what is a still point?") and
# health goals ("can it help me lose weight?": "weight" alone is in the article, "the weight of a
# nickel"). Each counts as mentioned only where the knowledge has it.
FIELD_TERMS = re.compile(
    r"\bstill ?points?\b|\bdirection of energy\b|\bv[- ]spread\b|\blistening stations?\b|\benergy healing\b"
    r"|\bunwinding\b|\barcing\b|\bsignificance detector\b|\btherapeutic imagery\b|\bdural tube\b",
    re.I,
)
HEALTH_PHRASES = re.compile(
    r"\b(?:lose|losing|lost) (?:some )?weight\b|\bweight ?loss\b|\bblood pressure\b"
    # not pregnancy-related discomfort: conceiving ("can it help me get pregnant?")
    r"|\b(?:get|getting|got|become|becoming|fall|falling) pregnant\b|\bconceiv\w*|\bfertility\b|\bivf\b"
    r"|\b(?:my|during|on) (?:my )?periods?\b|\bmenstrua\w*|\bfalse memor(?:y|ies)\b",
    re.I,
)
RARE_BELOW = 3.8  # wordfreq's Zipf scale: "concussion" 3.6, "massage" 4.0, "important" 5.4

SPECIFIC_BELOW = 4.5  # a word that names a topic: "chronic" 4.2, "pregnancy" 4.3; not "useful" 4.7
TYPO_BELOW = 2.5  # misspellings are in the list too, but rare ("benifits" 1.6, "tinnitus" 2.8)

# Frame words that still name the topic of a question about a visit.
TOPIC_FRAME_WORDS = frozenset({"session", "sessions", "therapist", "practitioner", "treatment"})

_WORD = re.compile(r"[a-z][a-z0-9]*")  # "cv4" is one word; "they're" reads as "they"
MAX_SPAN_WORDS = 6
PHRASE_REACH = 3  # content words apart, in either order: "back pain" is "my back is so sore"


MAX_NAMED = 5  # a reply names at most this many missing words ("…doesn't mention a, b, c")


# Words of the benefit sections that name no condition ("chronic tinnitus" is about tinnitus), or a
# symptom of many ("exhausted and breathless since covid" is about long covid).
GENERIC_BENEFIT_WORDS = frozenset(
    """
    addressing alleviate boosts calming cerebrospinal challenges chronic commonly cranial deeper discomfort
    disorder disorders distress drain ease effectively emotions empowering encourages enhanced experiencing
    fluid fosters healing improving integrate lasting mechanisms navigate nervous patterns processes
    promotes promoting reduction relaxation releasing restores situations stored syndrome undergo
    unresolved relief function support shown individuals natural overall conditions symptoms system
    exhausted exhaustion tired tiredness fatigue cold colds stress stressed stressful vitality infection
    infections circulation blockages resilience childbirth toxins deep resolution related post recovery
    within between greater report safe environment allow allowing past sense quality associated improved
    increased reduce balance connection
    """.split()  # noqa: SIM905
)
# A condition specific enough to be a question's topic: "migraines" 3.1, "autistic" 3.4, "tmj" 2.3;
# not "pain" 5.0, "pregnant" 4.3 or "head" 5.2.
CONDITION_BELOW = 4.2
# Visitors' words common enough to say many things name no complaint: "head" (5.2) is not headaches.
EVERYDAY_COMPLAINT_BELOW = 5.0


class ConceptCheck:
    def __init__(
        self,
        knowledge: list[str],
        everyday_words: dict[str, list[str]],
        typos: TypoFixer,
        benefit_knowledge: list[str] = (),
    ) -> None:
        self.stems = {stem(w) for text in knowledge for w in _WORD.findall(canonical_names(text).lower())}
        # Its words, space-separated and padded: a phrase is in it as " still point ".
        words = (w for text in knowledge for w in _WORD.findall(canonical_names(text).lower()))
        self.knowledge_text = f" {' '.join(words)} "
        self.everyday_stems = {stem(w.lower()) for words in everyday_words.values() for w in words}
        self.stems |= self.everyday_stems
        self.typos = typos
        # What the knowledge's benefits are for ("migraines", "immune", "tmj"), and visitors' words for them.
        conditions = {
            w
            for text in benefit_knowledge
            for w in _WORD.findall(canonical_names(text).lower())
            if is_content(w) and w not in GENERIC_BENEFIT_WORDS and zipf_frequency(w, "en") < CONDITION_BELOW
            and not w.endswith(("ing", "ed", "ly"))
        }
        conditions |= {
            w.lower()
            for word, words in everyday_words.items()
            if word in conditions
            for w in words
            if zipf_frequency(w.lower(), "en") < CONDITION_BELOW and w.lower() not in GENERIC_BENEFIT_WORDS
        }
        self.condition_stems = {stem(w) for w in conditions}
        def said(word: str) -> frozenset[str]:
            return frozenset({stem(word)} | {stem(w.lower()) for w in everyday_words.get(word, ())})

        # Visitors' words for the benefits' words, for complaints(): "depressed" names depression,
        # "had my baby" postpartum (bot.retrieval.answerability ranks the passage that names the
        # visitor's complaint first).
        self.said_in_phrases = [
            (re.compile(rf"\b{re.escape(w.lower())}\b"), stem(word))
            for word, words in everyday_words.items()
            for w in words
            if " " in w.strip()
        ]
        self.said_as = {
            stem(w.lower()): stem(word)
            for word, words in everyday_words.items()
            for w in words
            # by stem too: "heads" is rare enough, but its stem is "head"
            if max(zipf_frequency(w.lower(), "en"), zipf_frequency(stem(w.lower()), "en"))
            < EVERYDAY_COMPLAINT_BELOW
        }
        # Common words that name a condition together ("back pain", "tension headaches"), also as
        # visitors put them ("my back is so sore"); each named by its stems ("back+pain").
        self.phrase_names = {
            (said(a), said(b)): f"{stem(a)}+{stem(b)}"
            for text in benefit_knowledge
            for chunk in re.split(r"[,;:.()]", canonical_names(text).lower())  # "neck pain, back pain"
            for a, b in pairwise(_WORD.findall(chunk))
            if is_content(a) and is_content(b) and not {a, b} & GENERIC_BENEFIT_WORDS
        }

    def mentioned(self, word: str) -> bool:
        if stem(word) in self.stems:
            return True
        if word.startswith("re") and len(word) > 6 and stem(word[2:]) in self.stems:
            return True  # "rebalance" says what "balance" says, again
        # Only a word rare in English can be a typo: "migranes" is, "concussion" is not "conclusion".
        corrected = self.typos.correction(word) if zipf_frequency(word, "en") < TYPO_BELOW else None
        return corrected is not None and stem(corrected) in self.stems

    def missing(self, question: str) -> str | None:
        """The question's concept(s) the knowledge never mentions, as the visitor wrote them
        (with a mentioned word that qualifies them: "energy cysts"), or None."""
        text = without_contractions(canonical_names(question).lower())
        phrases = (FIELD_TERMS, HEALTH_PHRASES)
        named = dict.fromkeys(m.group(0) for pattern in phrases for m in pattern.finditer(text))
        lacking = next((phrase for phrase in named if not self._has_phrase(phrase)), None)
        if lacking:
            return "getting pregnant" if lacking.endswith("pregnant") else lacking  # not "get pregnant"
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
        content = [i for i, (w, _, _) in enumerate(words) if is_content(w)]
        unknown = [
            i
            for i in content
            if is_concept(words[i][0]) and not self.mentioned(words[i][0]) and not is_slip(words[i][0])
        ]
        # A compound written apart ("cerebro spinal") is the knowledge's word ("cerebrospinal").
        joined = {i for i in range(len(words) - 1) if self.mentioned(words[i][0] + words[i + 1][0])}
        unknown = [i for i in unknown if i not in joined and i - 1 not in joined]
        if not unknown:
            return None
        # Who it is about is not what is missing: "my daughter has ADHD" lacks ADHD.
        unknown = [i for i in unknown if words[i][0] not in PEOPLE] or unknown
        first, last = unknown[0], unknown[-1]
        qualifier = first - 1  # a knowledge word right before it qualifies it: "energy cysts"
        if qualifier in content and qualifier not in unknown and self.mentioned(words[qualifier][0]):
            first -= 1
        # One phrase ("carpal tunnel in both wrists"), unless the story's verb sits inside it
        # ("my physio mentioned the CV4 technique": physio, cv4).
        unknown_at = set(unknown)
        inside = [words[i][0] for i in range(first + 1, last) if i not in unknown_at]
        verbs = [w for w in inside if is_content(w) and w.endswith(("ed", "ing", "says", "told"))]
        storied = any(not self.mentioned(w) for w in verbs)
        if last - first >= MAX_SPAN_WORDS or storied:
            named = list(dict.fromkeys(words[i][0] for i in unknown))  # each once, in order
            return ", ".join(named[:MAX_NAMED])
        return text[words[first][1] : words[last][2]]

    def _has_phrase(self, phrase: str) -> bool:
        return f" {' '.join(_WORD.findall(phrase))} " in self.knowledge_text

    def says_any(self, phrases: tuple[str, ...]) -> bool:
        """Does the knowledge's text contain any of these (lower-case) words or word beginnings?"""
        return any(f" {phrase}" in self.knowledge_text for phrase in phrases)

    def names_covered_condition(self, text: str) -> bool:
        """Does the text name something the knowledge's benefits are for ("my migraines",
        "TMJ", "immune system")? Then its other unknown words are its story, not its topic."""
        words = _WORD.findall(without_contractions(canonical_names(text).lower()))
        if any(is_content(w) and stem(w) in self.condition_stems for w in words):
            return True
        return bool(self.phrases_named(words, knowledge=False))

    def complaints(self, text: str, rarer_than: float = 8.0, knowledge: bool = False) -> frozenset[str]:
        """The stems of what a text names, to match a visitor's complaint to the benefit passage
        that names it. A visitor's words count also as the knowledge's word for them ("anxious" →
        anxiety); the knowledge's own text (`knowledge`) names complaints in nouns ("improved sleep")."""
        words = _WORD.findall(without_contractions(canonical_names(text).lower()))
        stems = {
            stem(w)
            for w in words
            if is_content(w)
            and w not in GENERIC_BENEFIT_WORDS
            and zipf_frequency(w, "en") < rarer_than
            and not (knowledge and w.endswith(("ed", "ing", "ly")))
        }
        said = set() if knowledge else {self.said_as[s] for s in stems if s in self.said_as}
        if not knowledge:
            lowered = text.lower()
            said |= {known for phrase, known in self.said_in_phrases if phrase.search(lowered)}
        return frozenset(stems | said | self.phrases_named(words, knowledge))

    def phrases_named(self, words: list[str], knowledge: bool) -> set[str]:
        """The condition phrases a text names: as the knowledge writes them ("back pain"), or as
        visitors do, a few words apart and in either order ("my lower back has been killing me")."""
        stems = [stem(w) for w in words if is_content(w)]
        reach = 1 if knowledge else PHRASE_REACH
        near = {(a, b) for i, a in enumerate(stems) for b in stems[i + 1 : i + 1 + reach]}
        if not knowledge:
            near |= {(b, a) for a, b in near}
        return {
            name
            for (first, second), name in self.phrase_names.items()
            if any(a in first and b in second for a, b in near)
        }

    def names_known_topic(self, text: str) -> bool:
        """Does the text name a specific thing the knowledge speaks of ("chronic pain", "a
        session")? Common words it also uses ("useful", "slow") don't count."""
        words = _WORD.findall(without_contractions(canonical_names(text).lower()))
        return any(
            w in TOPIC_FRAME_WORDS
            or (is_content(w) and stem(w) in self.everyday_stems)  # "pressure" is how visitors say "touch"
            or (is_content(w) and zipf_frequency(w, "en") < SPECIFIC_BELOW and self.mentioned(w))
            for w in words
        )

    def names_nothing_else(self, text: str) -> bool:
        """Are all the text's content words the knowledge's own (or typos of them)?"""
        words = _WORD.findall(without_contractions(canonical_names(text).lower()))
        return all(self.mentioned(w) for w in words if is_content(w))

    def names_body_part(self, text: str) -> bool:
        return any(w in BODY_PARTS for w in _WORD.findall(text.lower()))

    def names_knowledge_word(self, text: str) -> bool:
        """Does the text name anything the knowledge speaks of, common words too ("the touch"),
        visitors' words for it too ("do I have to talk?": the dialogue)?"""
        words = _WORD.findall(without_contractions(canonical_names(text).lower()))
        return any((is_content(w) or stem(w) in self.everyday_stems) and self.mentioned(w) for w in words)

    def shares_concepts(self, question: str) -> bool:
        """Does the question name any concept that the knowledge mentions ("Upledger")? Common
        words it shares ("function", "list") don't make a question about the knowledge."""
        text = without_contractions(canonical_names(question).lower())
        return any(
            is_concept(w) and self.mentioned(w)
            for w in _WORD.findall(text)
            if is_content(w)
        )


def without_contractions(text: str) -> str:
    """"didn't" → "did not", "they're" → "they": the pieces of a contraction name nothing."""
    text = re.sub(r"n[’']t\b", " not", text)
    return re.sub(r"[’'](?:s|re|ve|ll|d|m)\b", "", text)


def is_content(word: str) -> bool:
    return len(word) > 2 and word not in STOPWORDS and word not in FRAME_WORDS


def is_concept(word: str) -> bool:
    """Rare words name concepts, but not verb forms and adverbs ("nodded", "recommending", "precisely")."""
    if word in NAMED_CONCEPTS or any(c.isdigit() for c in word):
        return True
    verb_form = len(word) > 5 and word.endswith(("ed", "ly", "ing"))
    return zipf_frequency(word, "en") < RARE_BELOW and not verb_form


def is_slip(word: str) -> bool:
    """Letters drawn out for emphasis ("soooo", "gooood") or a common word misspelt ("seperate"):
    rare in English, yet no concept."""
    return is_drawn_out(word) or misspells_common_word(word)


def is_drawn_out(word: str) -> bool:
    if len(word) > MAX_DRAWN_OUT or not _DRAWN_OUT.search(word):
        return False  # "aaaa…" a hundred thousand times is no word at all
    shorter = (_DRAWN_OUT.sub(r"\1", word), _DRAWN_OUT.sub(r"\1\1", word))
    return any(zipf_frequency(w, "en") >= MISSPELT_BELOW for w in shorter)


_DRAWN_OUT = re.compile(r"([a-z])\1{2,}")
MAX_DRAWN_OUT = 20
# A misspelling is far rarer than the word it misspells ("seperate" 2.8, "separate" 4.9); a rare
# word one letter from a merely commoner one is a word of its own ("colic" 2.7, "comic" 4.1).
MISSPELT_BELOW = 3.0
MISSPELLING_GAP = 2.0
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@cache
def misspells_common_word(word: str) -> bool:
    """Is the word one slip (a letter left out, added, changed or two swapped) from a word at
    least a hundred times commoner?"""
    frequency = zipf_frequency(word, "en")
    if word.endswith("s") and zipf_frequency(word[:-1], "en") > frequency:
        return misspells_common_word(word[:-1])  # "physios" is judged as "physio", not "physics"
    if len(word) < 5 or frequency >= MISSPELT_BELOW:
        return False
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    slips = {a + b[1:] for a, b in splits if b}
    slips |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    slips |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    slips |= {a + c + b for a, b in splits for c in _LETTERS}
    return any(zipf_frequency(slip, "en") >= frequency + MISSPELLING_GAP for slip in slips - {word})


def load_everyday_words(knowledge_dir: Path) -> dict[str, list[str]]:
    """The knowledge's everyday-words files (<file>.words.yml): a knowledge word → how visitors say it."""
    found: dict[str, list[str]] = {}
    for path in sorted(knowledge_dir.glob("*.words.yml")):
        for word, everyday in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            found.setdefault(str(word), []).extend(str(w) for w in everyday or [])
    return found
