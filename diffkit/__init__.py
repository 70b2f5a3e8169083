"""diffkit: compare Chinese government implementation plans task by task and agency by agency.

>>> import diffkit
>>> plan = diffkit.load("datasets/sichuan_2016/plan.json")
>>> len(plan.tasks)
34
"""

__version__ = "0.1.0"

import sys as _sys  # noqa: E402
import types as _types  # noqa: E402

from .agencies.resolution import (  # noqa: E402
    Registry,
    Resolution,
    canonical_names,
    default_registry,
    load_registry,
    resolve,
    same_line,
    successors_of,
)
from .errors import (  # noqa: E402
    DiffkitError,
    InputError,
    OptionError,
    OutputError,
    Problem,
    ValidationError,
)
from .model import FORMAT, Item, Plan, Section, Task, guideline, load, validate_plan  # noqa: E402

__all__ = [
    "__version__",
    "DiffkitError", "InputError", "OptionError", "OutputError", "Problem", "ValidationError",
    "FORMAT", "Plan", "Section", "Item", "Task", "load", "validate_plan", "guideline",
    "Registry", "Resolution", "canonical_names", "default_registry", "load_registry", "resolve",
    "same_line", "successors_of", "Workload", "migrate", "workload",
    "ParseResult", "ParseWarning", "parse_file", "parse_result", "parse_text", "read_text",
    "export_sheet", "import_sheet",
    "compare", "Comparison", "Pair", "AgencyChange", "Status", "redline",
    "corpus", "Corpus",
]

# Imported on first use (PEP 562), so that `diffkit compare` loads neither the parser, the
# spreadsheet code, the corpus nor the workload code: name → module.
_LAZY = {"ParseResult": "read.parse", "ParseWarning": "read.parse", "parse_file": "read.parse",
         "parse_result": "read.parse", "parse_text": "read.parse", "read_text": "read.parse",
         "redline": "report.comparison", "export_sheet": "read.sheet", "import_sheet": "read.sheet",
         "compare": "compare", "Comparison": "compare", "Pair": "compare",
         "AgencyChange": "compare", "Status": "compare", "corpus": "corpus.run",
         "Corpus": "corpus.run", "workload": "agencies.workload", "Workload": "agencies.workload",
         "migrate": "agencies.workload", "plot": "report.plot"}
# Names that are modules, not attributes of one: `from diffkit import plot`.
_MODULES = ("plot",)
# Modules whose name is also a public function: importing the module (`import diffkit.compare`,
# `from .corpus import X`) sets the package's attribute to the module; keep the function.
_SHADOWED = ("compare", "corpus")


class _Package(_types.ModuleType):
    def __setattr__(self, name: str, value) -> None:
        if (name in _SHADOWED and isinstance(value, _types.ModuleType)
                and value.__name__ == f"{__name__}.{name}"):
            value = getattr(value, name)
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module = import_module(f".{_LAZY[name]}", __name__)
    value = module if name in _MODULES else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
