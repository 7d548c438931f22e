"""Published figures from the seed documents."""

# Seed 000, "LCP2019 / PCN footprints": membership and footprint populations, October 2018.
SEED_000 = {
    "Aire Valley": (31860, 43368),
    "Armley": (49416, 37607),
    "Beeston": (58653, 46548),
    "Burmantofts & Richmond Hill": (35748, 34854),
    "Central": (76062, 94996),
    "Chapelton": (47554, 9958),
    "Crossgates": (30245, 38680),
    "Garforth/Kippax/Rothwell": (69149, 72056),
    "Harehills": (38968, 37125),
    "Holt Park": (38945, 32870),
    "LSMP": (45820, 30265),
    "Middleton": (37737, 55460),
    "Morley": (60253, 56208),
    "Otley": (25340, 21709),
    "Pudsey": (60919, 80130),
    "Seacroft": (49660, 49422),
    "Wetherby": (30411, 33120),
    "Woodsley": (74547, 86911),
}
