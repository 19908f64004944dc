"""Commerce-district merchants: indicator categories, observations and the four-colour code.

domain.md, "Cases the report describes": Deqing's Dongcheng Times joins the supervision of 15
departments into 11 indicator categories behind a four-colour code; Wuxing's Yishang Street
lets customers scan a merchant's code to check it.
"""
