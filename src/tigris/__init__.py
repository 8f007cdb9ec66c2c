"""tigris: plan the chips, fabs, money and power behind AI compute.

The chain (see ``docs/design.md``): workload -> accelerator catalog -> silicon -> fab
-> plan -> finance/energy. Each layer is a module of pure, vectorised functions.
"""

from tigris.catalog import Accelerator, get_accelerator, load_catalog
from tigris.errors import InputError, TigrisError

__all__ = ["Accelerator", "InputError", "TigrisError", "get_accelerator", "load_catalog"]
__version__ = "0.1.0"
