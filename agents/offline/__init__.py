"""Offline agents: planner, reader, outline and writers that need no language model.

They extract and arrange the papers' own sentences, so an offline review says only what the
abstracts say, attributed and cited.
"""

from agents.offline.framing import write_framing_offline
from agents.offline.planner import plan_offline
from agents.offline.reader import read_offline
from agents.offline.themes import outline_offline
from agents.offline.writer import write_section_offline

__all__ = [
    "outline_offline",
    "plan_offline",
    "read_offline",
    "write_framing_offline",
    "write_section_offline",
]
