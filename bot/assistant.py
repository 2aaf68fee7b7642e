"""The assistant's one entry point: a user message in, a composed reply out. Every channel and
the Rasa action call this, so they all say the same thing.

The order of checks is the safety policy: danger first, always; then what the assistant must
not advise on; then clinic facts from the profile; then the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.clinic import ClinicProfile, clinic_topic, compose_clinic_info, load_profile
from bot.compose import DISCLAIMER, compose_answer, compose_no_answer, compose_out_of_scope
from bot.crisis import SimilarityScreen, screen
from bot.emergency import REGIONS, compose_emergency
from bot.evidence import (
    EVIDENCE_NOTE,
    compose_evidence,
    compose_safety,
    is_benefit_claim,
    is_evidence_question,
    is_safety_question,
)
from bot.followup import search_query, topic_after
from bot.input_check import MAX_QUESTION_CHARS, clean_text, input_problem, strip_markup
from bot.medical import PRECAUTION, Boundary, boundary_text, medical_boundary
from bot.reply import Reply
from bot.retrieve import Hit, Retriever
from bot.scope import scope_of
from bot.settings import Settings, load_settings
from bot.smalltalk import smalltalk_kind, smalltalk_reply


@dataclass(frozen=True)
class Turn:
    """What the assistant knows about one user message."""

    text: str | None
    intent: str | None = None  # the NLU classifier's guess: a hint, never the only safety signal
    confidence: float = 0.0
    topic: str | None = None  # the conversation's topic so far
    recent_user_texts: tuple[str, ...] = ()  # the last few user messages before this one


class Assistant:
    def __init__(
        self,
        retriever: Retriever,
        settings: Settings,
        profile: ClinicProfile,
        similar_danger: SimilarityScreen | None = None,
    ) -> None:
        self.retriever = retriever
        self.settings = settings
        self.profile = profile
        self.similar_danger = similar_danger

    @classmethod
    def load(cls, settings: Settings | None = None, profile: ClinicProfile | None = None) -> Assistant:
        """Load the index, encoder and clinic profile once; raises IndexUnavailable or
        ProfileError with a clear message when either is unusable."""
        from bot.embedding import Encoder
        from bot.index import load_index

        settings = settings or load_settings()
        profile = profile or load_profile()
        index = load_index(settings)
        encoder = Encoder()
        return cls(Retriever(index, encoder, settings), settings, profile, SimilarityScreen(encoder))

    def with_profile(self, profile: ClinicProfile) -> Assistant:
        """The same assistant for another clinic (shares the loaded model and index)."""
        return Assistant(self.retriever, self.settings, profile, self.similar_danger)

    def respond(self, turn: Turn) -> Reply:
        text = clean_text(turn.text)
        # Danger first: the whole message, before length limits, markup removal or anything else.
        danger = screen(text, turn.recent_user_texts, turn.intent, turn.confidence, self.similar_danger)
        if danger:
            return compose_emergency(danger, self.profile.region, turn.topic)
        question = strip_markup(text)
        problem = input_problem(question)
        if problem:
            return compose_no_answer(turn.topic, problem)
        question = question[:MAX_QUESTION_CHARS]
        boundary = medical_boundary(question)
        if boundary:
            return self.boundary_reply(boundary, question, turn.topic)
        kind = smalltalk_kind(question, turn.intent, turn.confidence)
        if kind:
            return smalltalk_reply(kind, turn.topic)
        topic = clinic_topic(question)
        if topic:
            return compose_clinic_info(self.profile, topic, turn.topic)
        if is_evidence_question(question):
            return compose_evidence(topic_after(question, None, turn.topic))
        if is_safety_question(question):
            return compose_safety(topic_after(question, None, turn.topic))
        return self.answer_from_article(question, turn.topic)

    def find(self, question: str, topic: str | None) -> tuple[str, list[Hit]]:
        """Passages for a question, and whether the article covers it (see bot.scope)."""
        query = search_query(question, topic)
        hits = self.retriever.search(query)
        return scope_of(query, hits, self.retriever.shares_words_with_corpus(query), self.settings), hits

    def answer_from_article(self, question: str, topic: str | None) -> Reply:
        scope, hits = self.find(question, topic)
        if scope == "out_of_scope":
            return compose_out_of_scope(topic)
        if scope == "no_answer":
            return compose_no_answer(topic)
        notes = (EVIDENCE_NOTE,) if is_benefit_claim(hits[0].passage) else ()
        return compose_answer(hits, topic_after(question, hits[0].passage.section, topic), notes)

    def boundary_reply(self, boundary: Boundary, question: str, topic: str | None) -> Reply:
        """No advice, a referral; for precaution questions also the article's general information."""
        body = boundary_text(boundary, REGIONS[self.profile.region].emergency)
        reply = Reply(type="medical_boundary", body=body, notes=(DISCLAIMER,), topic=topic)
        if boundary.kind != PRECAUTION:
            return reply
        scope, hits = self.find(question, topic)
        if scope != "answer":
            return reply
        general = compose_answer(hits, topic, (EVIDENCE_NOTE,) if is_benefit_claim(hits[0].passage) else ())
        return Reply(
            type="medical_boundary",
            body=f"{body}\n\nIn general, the clinic's article says: {general.body}",
            sources=general.sources,
            source_line=general.source_line,
            notes=general.notes,
            topic=topic,
        )


@lru_cache(maxsize=1)
def shared_assistant() -> Assistant:
    """The process's one assistant: the model and index are loaded once, whoever asks first."""
    return Assistant.load()
