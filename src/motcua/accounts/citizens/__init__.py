"""Citizens (người dân) as the portal knows them: identified by the national identity
service through OpenID Connect (``motcua.accounts.oidc``), kept in ``Citizen`` and in their
own session key — never a Django login, so a citizen's session grants nothing of the
officials' screens and an official's login is not a citizen identity.
"""
