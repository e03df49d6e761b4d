"""``/my``: the advocate's own pages (progress, saving it to an account, my data).

Above the features it shows: it reads progress from checklists and asks
accounts to claim, export or erase (which ask every feature through signals).
"""
