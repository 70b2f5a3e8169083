"""Agencies: names as written → agencies (canonical name, successors, workload).

Enters: agency names of a plan and the registry (``datasets/agencies/``, packaged in
``diffkit/agencies/data/``). Leaves: resolutions (canonical names, unresolved names with
suggestions), reform successors, per-agency workload and migrated plans.

- :mod:`.registry` — the registry CSVs → ``Registry``;
- :mod:`.resolution` — resolution, successors, same line of responsibility;
- :mod:`.workload` — workload per canonical agency, ``migrate`` (imported on demand).
"""

from .registry import Registry, default_registry, load_registry
from .resolution import Resolution, canonical_names, resolve, same_line, successors_of

__all__ = ["Registry", "Resolution", "canonical_names", "default_registry", "load_registry",
           "resolve", "same_line", "successors_of"]
