"""Claims of the test identity provider, and two deliberately misbehaving accounts so the
relying party's checks can be seen to refuse: ``bad-signature`` gets ID tokens signed with
a key the provider does not publish, ``expired`` gets ID tokens that expired an hour ago.
"""

import json
from datetime import timedelta

from django.utils import timezone
from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

# Generated once per provider process; never in the JWKS.
_ROGUE_KEY = jwk.JWK.generate(kty="RSA", size=2048)


class IdentityValidator(OAuth2Validator):
    # Release every claim whatever the scopes (the test wants the personal id claim).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        return {
            "name": user.first_name,
            "email": user.email,
            "phone_number": user.last_name,  # the test provider keeps the phone here
            "personal_id": user.username if user.username.isdigit() else "",
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(token, token_handler, request)
        if request.user.get_username() == "expired":
            past = timezone.now() - timedelta(hours=1)
            claims["exp"] = int(past.timestamp())
            claims["iat"] = int((past - timedelta(minutes=5)).timestamp())
        return claims, expiration

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if request.user.get_username() != "bad-signature":
            return signed
        parsed = jwt.JWT(jwt=signed, key=request.client.jwk_key)
        header = json.loads(parsed.header)
        forged = jwt.JWT(header=json.dumps(header), claims=parsed.claims)
        forged.make_signed_token(_ROGUE_KEY)
        return forged.serialize()
