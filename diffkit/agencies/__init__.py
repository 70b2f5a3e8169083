"""Agencies: names as written + the plan's region and level → agencies (region, level,
function, canonical name), successors, role changes, workload.

Enters: agency names of a plan and the data of ``datasets/agencies/`` (packaged in
``diffkit/agencies/data/``): Sichuan's regional record and the standard organs of every level.
Leaves: resolutions (canonical names, unresolved names with suggestions), reform successors,
holders of roles and the changes between them, per-agency workload and migrated plans.

- :mod:`.registry` — the regional record's CSVs → ``Registry``;
- :mod:`.standard` — standard organs, vertical agencies, collectives, abbreviations, regions,
  generic reform successions; ``standard().english`` maps a function key to its English label;
- :mod:`.index` — the shipped data of both parsed and indexed once and kept in the user cache
  (keyed by the CSVs and the code that derives it), with the registry agencies' functions;
- :mod:`.resolution` — plan-aware resolution (``where``, ``AgencyRef``), successors;
- :mod:`.changes` — the one vocabulary of role changes; :mod:`.roles` — who holds which role;
- :mod:`.workload` — workload per canonical agency, ``migrate`` (imported on demand).
"""

from .registry import Registry, default_registry, load_registry
from .resolution import (
    AgencyRef,
    Resolution,
    Where,
    canonical_names,
    region_class,
    resolve,
    same_line,
    successors_of,
    where,
)
from .standard import standard


def english(function: str | None) -> str:
    """The English label of a function key (``development_reform`` → "Development and Reform
    Commission"); '' when unknown. For plot labels and reports."""
    return standard().english.get(function or "", "")


__all__ = ["AgencyRef", "Registry", "Resolution", "Where", "canonical_names",
           "default_registry", "english", "load_registry", "region_class", "resolve", "same_line",
           "standard",
           "successors_of", "where"]
