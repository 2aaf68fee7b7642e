"""The assistant's one entry point: a user message in, a composed reply out. Every channel and
the Rasa action call this, so they all say the same thing.

The order of checks is the safety policy: danger first, always; then what the assistant must
not advise on; then clinic facts from the profile; then the article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from bot.conversation.clinic import (
    ClinicProfile,
    clinic_addition,
    clinic_follow_up,
    clinic_topic,
    compose_clinic_info,
    load_profile,
    source_url,
)
from bot.conversation.compose import compose_answer, compose_missing, compose_no_answer, compose_out_of_scope
from bot.conversation.input_check import (
    MAX_QUESTION_CHARS,
    clean_text,
    input_problem,
    spelled_out,
    strip_markup,
)
from bot.conversation.parts import combined, question_parts
from bot.conversation.smalltalk import smalltalk_kind, smalltalk_reply
from bot.conversation.sources import asks_for_sources, compose_sources
from bot.knowledge.ingest import Reference, load_references
from bot.knowledge.passage import Passage
from bot.reply import DISCLAIMER, Reply, ReplyType
from bot.retrieval.answerability import Finding, find_answer
from bot.retrieval.followup import (
    asked_again,
    in_context,
    is_follow_up,
    search_query,
    subjects_in,
    topic_after,
)
from bot.retrieval.retrieve import Hit, Retriever
from bot.retrieval.scope import Scope
from bot.safety.crisis import LearnedScreen, Screening, screen
from bot.safety.emergency import REGIONS, care_note, compose_emergency
from bot.safety.evidence import (
    EVIDENCE_NOTE,
    compose_evidence,
    compose_safety,
    is_benefit_claim,
    is_evidence_question,
    is_safety_question,
    safety_topic,
)
from bot.safety.medical import PAEDIATRICIAN, PRECAUTION, Boundary, boundary_text, medical_boundary
from bot.settings import Settings, load_settings

BABIES = "newborns or babies"
PRACTITIONER_AND_DOCTOR = (
    "the practitioner can tell you more, and your doctor is the one to ask about your health."
)
RECENT_TURNS = 3  # how many earlier user messages the crisis screen reads with this one


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
        learned_screen: LearnedScreen | None = None,
        references: tuple[Reference, ...] = (),
    ) -> None:
        self.retriever = retriever
        self.settings = settings
        self.profile = profile
        self.learned_screen = learned_screen
        self.references = references  # the article's reference lists, for "what are your sources?"

    @classmethod
    def load(cls, settings: Settings | None = None, profile: ClinicProfile | None = None) -> Assistant:
        """Load the index, encoder and clinic profile once; raises IndexUnavailable or
        ProfileError with a clear message when either is unusable."""
        from bot.knowledge.embedding import SentenceEncoder
        from bot.knowledge.index import load_index

        settings = settings or load_settings()
        profile = profile or load_profile()
        index = load_index(settings)
        encoder = SentenceEncoder()
        references = tuple(load_references(settings.knowledge_dir))
        retriever = Retriever(index, encoder, settings)
        return cls(retriever, settings, profile, LearnedScreen.load(encoder), references)

    def converse(self, turns: tuple[str, ...]) -> Reply:
        """Run a conversation of user messages in-process; the reply to the last one."""
        topic, reply = None, None
        for i, text in enumerate(turns):
            reply = self.respond(Turn(text, topic=topic, recent_user_texts=turns[:i][-RECENT_TURNS:]))
            topic = reply.topic
        return reply

    def link(self, passage: Passage) -> str:
        return source_url(self.profile, passage)

    def with_profile(self, profile: ClinicProfile) -> Assistant:
        """The same assistant for another clinic (shares the loaded model and index)."""
        return Assistant(self.retriever, self.settings, profile, self.learned_screen, self.references)

    def respond(self, turn: Turn) -> Reply:
        """The reply to one user message, with the conversation's topic after it (set here only:
        the composers compose, the assistant keeps the conversation)."""
        text = clean_text(turn.text)
        reply = self.compose(text, turn)
        answered = reply.sources[0].section if reply.sources else None
        return replace(reply, topic=topic_after(text, answered, turn.topic))

    def compose(self, text: str, turn: Turn) -> Reply:
        # Danger first: the whole message, before length limits, markup removal or anything else.
        # Earlier turns come from the tracker as they were sent: cleaned like this one (a lone
        # surrogate in one would break the encoder on every later turn).
        recent = tuple(clean_text(t) for t in turn.recent_user_texts)
        concern = screen(text, recent, self.learned_screen)
        if concern and concern.urgent:
            return compose_emergency(concern, self.profile.region)
        reply = self.compose_for(text, turn)
        return with_care(reply, concern, self.profile.region) if concern else reply

    def compose_for(self, text: str, turn: Turn) -> Reply:
        """Everything after the crisis screen, in the policy's order."""
        question = strip_markup(text)
        problem = input_problem(question)
        if problem:
            return compose_no_answer(problem)
        question = spelled_out(question[:MAX_QUESTION_CHARS])
        boundary = medical_boundary(question)
        if boundary:
            return self.boundary_reply(boundary, question, turn.topic)
        kind = smalltalk_kind(question, turn.intent, turn.confidence)
        if kind:
            return smalltalk_reply(kind)
        shown, replies, topic = [], [], turn.topic
        previous = turn.recent_user_texts[-1] if turn.recent_user_texts else ""
        for part in question_parts(question):  # a later part leans on the earlier ("…and how do they work?")
            if replies and replies[-1].missing and is_follow_up(part) and not subjects_in(part):
                # "What is a CV4 hold and when do therapists use it?": "it" is what the article lacks.
                shown[-1] = f"{shown[-1]} {part}"
                continue
            shown.append(part)
            part = asked_again(part, previous) or part  # "what about SER?" after "what is CST?"
            # A follow-up read with the question before it is that question again, and is checked as
            # one: "should I stop my meds?" then "roughly?" or "i meant SER" is still for the doctor.
            # (A precaution was given to the question before, when it named one.)
            context = in_context(part, previous) or part
            boundary = medical_boundary(context)
            if boundary and boundary.kind != PRECAUTION:
                replies.append(self.boundary_reply(boundary, context, topic))
            else:
                replies.append(self.answer_part(part, topic, question, previous))
            previous = part
            topic = topic_after(part, replies[-1].sources[0].section if replies[-1].sources else None, topic)
        return combined(shown, replies)

    def answer_part(self, question: str, topic: str | None, message: str, previous: str = "") -> Reply:
        """One question of a message: clinic facts, evidence, safety, else the article.
        `message` is the whole message, whose words give a part its context ("…how much is each?");
        `previous` the question before it ("how much is a session?" before "and how long is it?")."""
        clinic_question = clinic_topic(question, context=message) or clinic_follow_up(question, previous)
        if clinic_question:
            return compose_clinic_info(self.profile, clinic_question)
        if is_evidence_question(question):
            return compose_evidence()
        if is_safety_question(question):
            topic = safety_topic(question)
            silent = topic and not self.retriever.concepts.says_any(topic[1])
            return compose_safety(topic[0] if silent else "")
        if asks_for_sources(question):
            return compose_sources(list(self.references))
        return self.answer_from_article(question, topic, message, previous)

    def find(self, question: str, topic: str | None, message: str = "", previous: str = "") -> Finding:
        """What the article has for a question, and whether it answers it (bot.retrieval.answerability);
        a bare follow-up is read with the question before it."""
        # "and what's the outermost membrane called?" names its own topic: searched alone.
        names_topic = self.retriever.concepts.shares_concepts(question)
        context = None if names_topic else in_context(question, previous)
        query = search_query(context or question, topic)
        return find_answer(self.retriever, question, query, message, context or "")

    def answer_from_article(
        self, question: str, topic: str | None, message: str = "", previous: str = ""
    ) -> Reply:
        found = self.find(question, topic, message, previous)
        if found.scope is Scope.OUT_OF_SCOPE:
            return compose_out_of_scope()
        if found.missing:
            contact = self.profile.how_to_reach()
            missing = compose_missing(found.missing_sentence, found.missing, question, contact, EVIDENCE_NOTE)
            addition = clinic_addition(self.profile, question)
            return replace(missing, body=f"{missing.body}\n\n{addition}") if addition else missing
        if found.scope is Scope.NO_ANSWER:
            return compose_no_answer()
        answer = compose_answer(found.hits, evidence_notes(found.hits), found.need, self.link)
        if found.also_missing:
            lacking = f"The clinic's article doesn't mention {found.also_missing}; {PRACTITIONER_AND_DOCTOR}"
            answer = replace(answer, body=f"{answer.body}\n\n{lacking}", missing=found.also_missing)
        addition = clinic_addition(self.profile, question)
        return replace(answer, body=f"{answer.body}\n\n{addition}") if addition else answer

    def boundary_reply(self, boundary: Boundary, question: str, topic: str | None) -> Reply:
        """No advice, a referral; for precaution questions also the article's general information."""
        body = boundary_text(boundary, REGIONS[self.profile.region].emergency)
        reply = Reply(type=ReplyType.MEDICAL_BOUNDARY, body=body, notes=(DISCLAIMER,))
        if boundary.kind != PRECAUTION:
            return reply
        found = self.find(question, topic)
        # The precaution comes first and the reply stays a medical boundary; it also says what the
        # article lacks ("can CST help my newborn's colic?": colic; "is it safe for my 3 week old?":
        # babies), which the clinic's knowledge gaps count.
        if found.missing and found.lacks_concept:
            return replace(reply, body=f"{found.missing_sentence}\n\n{body}", missing=found.missing)
        if boundary.refer_to == PAEDIATRICIAN and self.retriever.concepts.missing(BABIES):
            lacking = f"The clinic's article doesn't mention {BABIES}."
            return replace(reply, body=f"{lacking}\n\n{body}", missing=BABIES)
        if found.scope is not Scope.ANSWER:
            return reply
        general = compose_answer(found.hits, evidence_notes(found.hits), found.need, self.link)
        return replace(
            general,
            type=ReplyType.MEDICAL_BOUNDARY,
            body=f"{body}\n\nIn general, the clinic's article says: {general.body}",
        )


def with_care(reply: Reply, concern: Screening, region: str) -> Reply:
    """The reply with one warm line and the region's crisis line first among its notes."""
    return replace(reply, notes=(care_note(concern, region), *reply.notes))


def evidence_notes(hits: list[Hit]) -> tuple[str, ...]:
    """The evidence note, when the answer relays one of the article's benefit claims."""
    return (EVIDENCE_NOTE,) if is_benefit_claim(hits[0].passage) else ()


@lru_cache(maxsize=1)
def shared_assistant() -> Assistant:
    """The process's one assistant: the model and index are loaded once, whoever asks first."""
    return Assistant.load()
