"""How staff behave in a reply-all storm: one parameter set for every level.

A level does not set reply chances. It names its situation (the era, whether
MailTips show the list's size, the time of day, how many staff are at work and
how often they look at mail) and the model below does the rest, the same way for
a ward of 40 and a national list of 845,000. Each value says where it comes from:
a source, or a fit to the four real storms in levels/history/ (README, "How the
model was fitted").

The shape is Bass diffusion (FACTS §2, metasd.com 2013 "Positive feedback drives
email list meltdown"): a first reply comes from reading the original
(innovation), later ones from reading replies (imitation), and people stop as
the storm goes on (the slowdown that ends every real storm before the list is
exhausted).
"""
from __future__ import annotations

from dataclasses import dataclass

from .vocab import ME_TOO, NDR, ORIGINAL, PHISH, RECALL, REMOVE_ME, REPORT, STOP


@dataclass(frozen=True, slots=True)
class BehaviourModel:
    # Chance that a reader seeing the original for the first time replies to all, on a list of
    # REFERENCE_SIZE. Fit: Cisco 2013 and NHSmail 2016 first hours.
    first: float
    # Chance that reading one more storm message of a kind provokes a reply-all, at REFERENCE_SIZE,
    # before fatigue. "STOP replying" provokes most (every account of a storm says so). Fit.
    follow: dict
    # Reply chances scale as (list size / REFERENCE_SIZE) ** -size_exponent: on a bigger list each
    # reader feels less concerned (diffusion of responsibility). The storms of FACTS §2 have a few
    # hundred to a thousand reply-alls whether the list holds 1,500 or 845,000 people, so the
    # exponent is close to 1. Fit.
    size_exponent: float
    # Fatigue: the chance of a later reply falls as 1 / (1 + seen / fatigue_messages), where `seen`
    # is the storm messages each member has received so far. Bass-style slowdown. Fit.
    fatigue_messages: float
    # Kinds of reply-all, as the accounts of every storm list them (FACTS §1-§2): "remove me",
    # "STOP replying", "me too". First replies are mostly "remove me"; later ones mostly "stop".
    first_mix: tuple[float, float, float]
    follow_mix: tuple[float, float, float]
    # Chance that someone who replied to all then tries to recall it. Outlook's recall works only
    # inside one Exchange organisation and sends a recall to the same list. Fit to BlueHat 2006
    # ("mostly recalls"), where the list's recalls outnumbered the replies.
    recall: float
    recall_delay: int  # seconds between a reply and its recall (assumption: a few minutes)
    # Share of recipients whose mailbox answers a recall with a report to the recaller
    # (Outlook's "tell me if recall succeeds or fails", on by default). Assumption.
    recall_report_share: float
    # Share of would-be reply-alls a large-audience MailTip stops. Assumption; the debrief says so.
    mailtips_effect: float
    # Phishing: a typical click rate in simulated phishing exercises is a few per cent; we take
    # 2% of readers of the lure following the link and 30% of those entering a password
    # (assumptions for teaching, stated as such in the phishing level's debrief).
    phish_click: float
    phish_credentials: float
    # Staff time one storm message costs (open, glance, delete). Assumption.
    read_seconds: float
    # Store operations one read costs (open it; deleting is batched by the client). Assumption.
    read_ops: float


REFERENCE_SIZE = 1000.0

MODEL = BehaviourModel(
    first=0.15,
    follow={REMOVE_ME: 0.003, STOP: 0.0068, ME_TOO: 0.003, RECALL: 0.0045, PHISH: 0.0015,
            NDR: 0.0015, REPORT: 0.0},
    size_exponent=0.85,
    fatigue_messages=20.0,
    first_mix=(0.6, 0.1, 0.3),
    follow_mix=(0.35, 0.4, 0.25),
    recall=0.15,
    recall_delay=360,
    recall_report_share=1.0,
    mailtips_effect=0.55,
    phish_click=0.02,
    phish_credentials=0.3,
    read_seconds=10.0,
    read_ops=1.0,
)

# Era traits: what a year's mail system offered (a stated dependence on situation).
MAILTIPS_FROM = 2010   # MailTips came with Exchange 2010 and Outlook 2010
STORM_PROTECTION_FROM = 2020  # Exchange Online reply-all storm protection, 2020 (FACTS §3)
# Before reply-all storms were common knowledge and before MailTips (2010), people tired of a
# storm more slowly and reached for Outlook's recall more often: the fatigue scale and the recall
# chance are multiplied by these before 2010. Fit to Bedlam DL3 (1997) and BlueHat (2006).
EARLY_ERA = 2010
EARLY_ERA_FATIGUE = 3.0
EARLY_ERA_RECALL = 4.5


# The model is fitted on lists of 1,500 (BlueHat) to 845,000 (NHSmail); on smaller lists the
# chances stay where they are at 1,500 rather than growing without bound.
SMALLEST_FITTED = 1500


def size_factor(model: BehaviourModel, members: int) -> float:
    return (max(SMALLEST_FITTED, members) / REFERENCE_SIZE) ** -model.size_exponent


def fatigue_scale(model: BehaviourModel, era: int) -> float:
    return model.fatigue_messages * (EARLY_ERA_FATIGUE if era < EARLY_ERA else 1.0)


def recall_chance(model: BehaviourModel, era: int) -> float:
    return min(1.0, model.recall * (EARLY_ERA_RECALL if era < EARLY_ERA else 1.0))


__all__ = ["BehaviourModel", "MODEL", "REFERENCE_SIZE", "size_factor", "fatigue_scale", "MAILTIPS_FROM",
           "STORM_PROTECTION_FROM", "ORIGINAL"]
