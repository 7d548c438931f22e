"""lcpdesk: a desktop tool for the people who lead Local Care Partnerships."""

import gc

__version__ = "0.1.0"

# Python's cycle collector runs after every 700 new container objects by default, and each
# run walks objects that have long outlived it. Starting the app (Qt, pandas, SQLAlchemy)
# and importing a national file create hundreds of thousands of long-lived objects, so with
# the default the collector ran ~260 times and took ~0.13 s of a national import. Collect
# less often; garbage cycles are still freed, a little later.
gc.set_threshold(50_000, 50, 50)
