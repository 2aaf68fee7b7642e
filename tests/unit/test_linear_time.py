"""Every function that reads user text runs in linear time in the text's length: a long message
(one endless word, a phrase pasted a thousand times) must not stall the assistant. A pattern that
can start a match at every position of a long word and read on to its end each time (`[\\w.]+@`
over "aaaa…") is quadratic: 100,000 characters then take minutes.

Hypothesis builds the text: one long "word" from a chosen alphabet, a short fragment repeated, or
either behind a lead ("my name is ", "chemo", "hi") and before a tail ("@", "?"). Each function
must read 100,000 characters within a budget a linear reading meets with room to spare on a slow
machine, and twice the text in at most about twice the time (3x, and a little for the clock)."""

from __future__ import annotations

import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from bot.conversation.clinic import ClinicProfile, clinic_addition, clinic_topic
from bot.conversation.input_check import clean_text, input_problem, spelled_out, strip_markup
from bot.conversation.parts import question_parts
from bot.conversation.smalltalk import smalltalk_kind
from bot.knowledge.passage import Passage
from bot.knowledge.terms import canonical_names, expand_acronyms
from bot.retrieval.answerability import focus
from bot.retrieval.concepts import ConceptCheck, without_contractions
from bot.retrieval.followup import is_follow_up, search_query, subjects_in, topic_after
from bot.retrieval.lexical import BM25, tokenize
from bot.retrieval.need import Need, lacks, need_of, suits
from bot.retrieval.query import TypoFixer, normalise_query
from bot.retrieval.scope import about_other_therapy, scope_of
from bot.safety.classifier import CrisisClassifier, window
from bot.safety.context import frames, is_framed, is_framed_away, says_now
from bot.safety.crisis import LearnedScreen, clause_spans, rule_danger, rule_danger_across, screen
from bot.safety.evidence import is_evidence_question, is_safety_question
from bot.safety.medical import medical_boundary
from bot.safety.privacy import redact, redact_event
from bot.settings import PROJECT_DIR, Settings
from tests.unit.fakes import HashingEncoder

LONG = 100_000  # characters: far beyond any real message
BUDGET = 1.5  # seconds for LONG characters; the crisis screen's rules, the slowest, take about 0.6 s
SCALING = 3.0  # twice the text may take at most this many times as long (linear: 2, quadratic: 4)
CLOCK = 0.03  # seconds of timer and scheduling noise allowed on top
RUNS = 3  # the fastest of up to this many runs counts: noise only ever adds time

# Character pools the alphabets of long words are drawn from.
POOLS = ("abcxyz", "EQZ", "0123456789", "@", ".", "-", "_", "'’", " ", "\n", "éßжλ漢", "?!,;:", "<>/#", "+()")
# Fragments that the patterns in bot/ start or run on: leads of names, e-mail, dates, phone
# numbers, crisis and medical phrases, clause breaks, markup, the therapies' names.
FRAGMENTS = (
    "a@", "a.", "a-", "a_", "a'", "0", "1 ", "1.", "+1 ", "12/", "1-", "i.", "i ", "I ", "é", " ", "\n",
    " \n", "my name is ", "call me ", "i'm ", "I'm Zelda ", "dr. ", "Dr. ", "my son Tom ", "born on ",
    "dob: ", "12 Oak ", "SW1A ", "? ", "x? ", ", and how ", " and ", "hi ", "chemo", "antiinflammator",
    "pills ", "how much ", "stop ", "kill myself ", "chest pain ", "stopped breathing ",
    "my dog stopped breathing ", "years ago i wanted to die ", "not ", "never ", "suicidal ", "lol ", "n't ",
    "'s ", "cst ", "cranio ", "somato ", "benifits ", "what is ", "how does it work ", "<a", "<!--",
    "<script>", "<@", "1985 founded ", "self-harm",
)
LEADS = ("", "", "my name is ", "hi", "hello ", "chemo", "dob ", "Dr. ", "how much ", "i took ", "<script>")
TAILS = ("", "", "@", "@x.com", "?", "x", "!", "\n", ".", " stop them")


@dataclass(frozen=True)
class Adversary:
    """A recipe for text of any length: the lead, then the unit repeated (or, without a unit,
    characters drawn from the alphabet), then the tail."""

    lead: str
    unit: str
    alphabet: str
    seed: int
    tail: str

    def text(self, length: int) -> str:
        body = max(0, length - len(self.lead) - len(self.tail))
        if self.unit:
            middle = (self.unit * (body // len(self.unit) + 1))[:body]
        else:
            middle = "".join(random.Random(self.seed).choices(self.alphabet, k=body))
        return self.lead + middle + self.tail


alphabets = st.lists(st.sampled_from(POOLS), min_size=1, max_size=4, unique=True).map("".join)
units = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map("".join),  # mixed text
    alphabets.flatmap(lambda alphabet: st.text(alphabet=alphabet, min_size=1, max_size=12)),
)
leads, tails, seeds = st.sampled_from(LEADS), st.sampled_from(TAILS), st.integers(0, 9999)
adversaries = st.one_of(
    st.builds(Adversary, lead=leads, unit=units, alphabet=st.just(""), seed=st.just(0), tail=tails),
    # One long "word" (or run of words) of characters drawn from a chosen alphabet.
    st.builds(Adversary, lead=leads, unit=st.just(""), alphabet=alphabets, seed=seeds, tail=tails),
)


def seconds(read: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    read(text)
    return time.perf_counter() - start


def assert_linear_time(read: Callable[[str], object], adversary: Adversary, budget: float = BUDGET) -> None:
    """`read` takes at most `budget` on LONG characters of the adversary's text, and at most
    SCALING times (plus CLOCK) what it takes on half as many."""
    half_text, long_text = adversary.text(LONG // 2), adversary.text(LONG)
    half = full = math.inf
    for _ in range(RUNS):
        half = min(half, seconds(read, half_text))
        full = min(full, seconds(read, long_text))
        if full <= budget and full <= SCALING * half + CLOCK:
            return
    assert full <= budget, f"{LONG:,} characters took {full:.2f} s (budget {budget} s): {adversary}"
    assert full <= SCALING * half + CLOCK, (
        f"twice the text took {full / half:.1f}x as long ({half:.3f} s, then {full:.3f} s): {adversary}"
    )


def repeated(unit: str, lead: str = "", tail: str = "") -> Adversary:
    return Adversary(lead=lead, unit=unit, alphabet="", seed=0, tail=tail)


# Alarming phrases that context explains away, in one clause without end.
ONE_LONG_CLAUSE = (
    "years ago i wanted to die kill myself hang myself overdosed chest pain stopped breathing my dog "
)
# Always tried first: one endless word, the classic trap for a pattern that can start anywhere in it.
ONE_LONG_WORD = Adversary(lead="", unit="", alphabet="abcxyz0123456789_", seed=0, tail="@")


def reads_user_text(
    examples: int, known: tuple[Adversary, ...] = ()
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A property over adversarial texts: ONE_LONG_WORD and the `known` ones (texts that were slow
    once), then `examples` generated ones. No shrinking: a slow example is shown as found, and
    shrinking it would time hundreds of long runs."""

    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        for adversary in (*known, ONE_LONG_WORD):
            test = example(adversary=adversary)(test)
        return settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=(Phase.explicit, Phase.generate),
            suppress_health_check=[HealthCheck.too_slow],
        )(given(adversary=adversaries)(test))

    return decorate


# The knowledge the assistant ships with, for the functions that compare words with it: their
# cost per word grows with the vocabulary, so they are timed against the real one.
KNOWLEDGE_DIR = PROJECT_DIR / "data" / "knowledge"
KNOWLEDGE = [path.read_text(encoding="utf-8") for path in sorted(KNOWLEDGE_DIR.glob("*.md"))]


@pytest.fixture(scope="module")
def typos() -> TypoFixer:
    return TypoFixer({word for text in KNOWLEDGE for word in re.findall(r"[a-z]+", text.lower())})


@pytest.fixture(scope="module")
def concepts(typos: TypoFixer) -> ConceptCheck:
    return ConceptCheck(KNOWLEDGE, {"clothed": ["wear", "undress"]}, typos)


@pytest.fixture(scope="module")
def learned(encoder: HashingEncoder) -> LearnedScreen:
    """The learned layer with a classifier fitted here on a few messages (the real one is a
    build artifact): its features, word and character n-grams, are what the long text feeds."""
    from bot.safety.training import fit

    examples = {
        "safe": ["how much is a session", "what is craniosacral therapy", "is there parking", "is it gentle"],
        "care": ["i feel so alone lately", "things have been hard", "i am struggling", "feeling low today"],
        "suicide": ["i want to end my life", "going to kill myself", "no reason to live", "wish i were dead"],
        "medical": ["he is not breathing", "crushing chest pain", "my face is drooping", "she's unconscious"],
    }
    texts = [text for texts in examples.values() for text in texts]
    labels = [label for label, texts in examples.items() for _ in texts]
    words, characters, model = fit(texts, encoder.encode(texts), labels)
    classifier = CrisisClassifier(words, characters, model, threshold=0.5, care_threshold=0.5)
    return LearnedScreen(encoder, classifier)


# The crisis screen (bot/safety/crisis.py, context.py, classifier.py)


@reads_user_text(examples=4)
def test_screen_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(screen, adversary)


@reads_user_text(examples=2)
def test_screen_with_the_conversation_and_the_learned_layer_runs_in_linear_time_on_long_adversarial_input(
    adversary: Adversary, learned: LearnedScreen
) -> None:
    def read(text: str) -> object:
        learned.forget()  # no vector kept from the last run
        return screen(text, ("I banged my head this morning.", "and now"), learned)

    # Every layer reads the message twice, alone and in the conversation's window (about 1.2 s).
    assert_linear_time(read, adversary, budget=2 * BUDGET)


# Once slow: every match in a long clause (up to 20 per pattern) read the whole clause again.
@reads_user_text(examples=3, known=(repeated(ONE_LONG_CLAUSE),))
def test_rule_danger_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(rule_danger, adversary)


@reads_user_text(examples=3)
def test_rule_danger_across_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(lambda text: rule_danger_across(("I hit my head", text), text), adversary)


@reads_user_text(examples=3)
def test_learned_screen_read_runs_in_linear_time_on_long_adversarial_input(
    adversary: Adversary, learned: LearnedScreen
) -> None:
    def read(text: str) -> object:
        learned.forget()
        return learned.read(text, ("i feel hopeless",))

    assert_linear_time(read, adversary)


@reads_user_text(examples=5)
def test_clause_spans_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(clause_spans, adversary)


@reads_user_text(examples=5)
def test_window_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(lambda text: window([text, text]), adversary)


@reads_user_text(examples=5)
def test_frames_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(frames, adversary)


@reads_user_text(examples=5)
def test_says_now_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(says_now, adversary)


@reads_user_text(examples=5)
def test_is_framed_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(is_framed, adversary)


@reads_user_text(examples=4)
def test_is_framed_away_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    # The same phrase in both texts (their starts are the same), in a clause as long as the text.
    assert_linear_time(lambda text: is_framed_away(text, 0, 20), adversary)


# Medical checks, evidence and safety questions, privacy (bot/safety)


# Once slow: "chemo\w*" read the rest of the word again from every "chemo" in it.
@reads_user_text(examples=5, known=(repeated("chemo"),))
def test_medical_boundary_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(medical_boundary, adversary)


@reads_user_text(examples=5)
def test_is_evidence_question_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(is_evidence_question, adversary)


@reads_user_text(examples=5)
def test_is_safety_question_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(is_safety_question, adversary)


@reads_user_text(examples=6)
def test_redact_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(redact, adversary)


@reads_user_text(examples=4)
def test_redact_event_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    def read(text: str) -> object:
        return redact_event({"event": "user", "text": text, "parse_data": {"text": text, "entities": []}})

    assert_linear_time(read, adversary)


# Input checks (bot/conversation)


@reads_user_text(examples=5)
def test_clean_text_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(clean_text, adversary)


@reads_user_text(examples=5)
def test_strip_markup_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(strip_markup, adversary)


@reads_user_text(examples=5)
def test_input_problem_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(input_problem, adversary)


@reads_user_text(examples=5)
def test_spelled_out_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(spelled_out, adversary)


# Once slow: a match began at each space of a run and read the run; each piece copied the part.
@reads_user_text(examples=6, known=(repeated(" "), repeated("x? ")))
def test_question_parts_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(question_parts, adversary)


# Once slow: after "hi", two runs of spaces side by side tried every split of them.
@reads_user_text(examples=6, known=(repeated(" ", lead="hi", tail="x"),))
def test_smalltalk_kind_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(lambda text: smalltalk_kind(text, "greet", 0.99), adversary)


@reads_user_text(examples=5)
def test_clinic_topic_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(lambda text: clinic_topic(text, text), adversary)


@reads_user_text(examples=4)
def test_clinic_addition_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    profile = ClinicProfile(name="Test Clinic", what_to_wear="Comfortable clothes.")
    assert_linear_time(lambda text: clinic_addition(profile, text), adversary)


# Query normalisation and reading (bot/retrieval, bot/knowledge/terms.py)


@reads_user_text(examples=4)
def test_normalise_query_runs_in_linear_time_on_long_adversarial_input(
    adversary: Adversary, typos: TypoFixer
) -> None:
    assert_linear_time(lambda text: normalise_query(text, typos), adversary)


@reads_user_text(examples=5)
def test_canonical_names_and_expand_acronyms_run_in_linear_time_on_long_adversarial_input(
    adversary: Adversary,
) -> None:
    assert_linear_time(lambda text: expand_acronyms(canonical_names(text)), adversary)


@reads_user_text(examples=5)
def test_search_query_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    def read(text: str) -> object:
        return search_query(text, "both"), is_follow_up(text), subjects_in(text), topic_after(text, "", None)

    assert_linear_time(read, adversary)


@reads_user_text(examples=5)
def test_tokenize_and_bm25_scores_run_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    bm25 = BM25(KNOWLEDGE)
    assert_linear_time(lambda text: (tokenize(text), bm25.scores(text)), adversary)


@reads_user_text(examples=5)
def test_need_of_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    assert_linear_time(need_of, adversary)


@reads_user_text(examples=3)
def test_lacks_and_suits_run_in_linear_time_on_a_long_adversarial_passage(adversary: Adversary) -> None:
    # The article's text, not the visitor's; what each kind of question needs is read in it all the same.
    def read(text: str) -> object:
        passage = Passage(id="p", headings=("Long",), text=text, source="article.md")
        return [(lacks(need, [passage]), suits(need, passage)) for need in Need]

    assert_linear_time(read, adversary)


@reads_user_text(examples=4)
def test_missing_concepts_run_in_linear_time_on_long_adversarial_input(
    adversary: Adversary, concepts: ConceptCheck
) -> None:
    assert_linear_time(concepts.missing, adversary)


@reads_user_text(examples=4)
def test_names_known_topic_and_shares_concepts_run_in_linear_time_on_long_adversarial_input(
    adversary: Adversary, concepts: ConceptCheck
) -> None:
    def read(text: str) -> object:
        return concepts.names_known_topic(text), concepts.shares_concepts(text), without_contractions(text)

    assert_linear_time(read, adversary)


@reads_user_text(examples=4)
def test_focus_runs_in_linear_time_on_long_adversarial_input(
    adversary: Adversary, concepts: ConceptCheck
) -> None:
    assert_linear_time(lambda text: focus(text, concepts), adversary)


@reads_user_text(examples=5)
def test_scope_of_runs_in_linear_time_on_long_adversarial_input(adversary: Adversary) -> None:
    config = Settings(knowledge_dir=Path("knowledge"), index_dir=Path("index"))
    assert_linear_time(lambda text: (about_other_therapy(text), scope_of(text, [], True, config)), adversary)
