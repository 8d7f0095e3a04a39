"""``lstm-lint server``: the engine behind the Language Server Protocol, for editors.

``document`` turns one text into what an editor shows (diagnostics, inlay hints, hovers) and knows
nothing of the protocol; ``text`` converts our positions (code points) to the protocol's (UTF-16
code units by default); ``protocol`` is the pygls server, the only module that imports pygls.
"""
