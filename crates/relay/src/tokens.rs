//! Signed, expiring tokens: the links emails carry (one consultation, one purpose) and staff
//! sessions. HMAC-SHA256 with a key from the environment; nothing is stored server-side, and a
//! token names a case reference, never a child.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

type HmacSha256 = Hmac<Sha256>;

/// What a token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The host's service manager: read one consultation and record its outcome.
    ServiceManager,
    /// The placing social worker: read their consultation, notify or withdraw it.
    Placing,
    /// A signed-in member of the host's staff (`subject` is a [`StaffSession`]'s text).
    Staff,
    /// A sign-in through a council's identity provider, under way: the browser holds it for the
    /// minutes between leaving for the provider and coming back. It opens nothing.
    SignIn,
}

impl Scope {
    fn code(self) -> &'static str {
        match self {
            Scope::ServiceManager => "m",
            Scope::Placing => "p",
            Scope::Staff => "s",
            Scope::SignIn => "i",
        }
    }

    /// As the database records a link's purpose.
    pub fn name(self) -> &'static str {
        match self {
            Scope::ServiceManager => "service-manager",
            Scope::Placing => "placing",
            Scope::Staff => "staff",
            Scope::SignIn => "sign-in",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Scope::ServiceManager, Scope::Placing, Scope::Staff].into_iter().find(|s| s.name() == name)
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "m" => Some(Scope::ServiceManager),
            "p" => Some(Scope::Placing),
            "s" => Some(Scope::Staff),
            "i" => Some(Scope::SignIn),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub scope: Scope,
    /// A case reference, or for staff `role:name`.
    pub subject: String,
    /// The emailed link's own id, by which Front Door can withdraw it (none for a staff session,
    /// and for a link made before links had ids).
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the link is not valid")]
    Malformed,
    #[error("the link is not valid")]
    BadSignature,
    #[error("the link has expired")]
    Expired,
}

/// One signing key and its id: the first 8 hex digits of its SHA-256, so a token names the key it
/// was signed with and an old key can keep verifying its links after a new one takes over.
#[derive(Clone)]
struct Key {
    id: String,
    secret: Vec<u8>,
}

impl Key {
    fn new(secret: Vec<u8>) -> Result<Self, String> {
        if secret.len() < 32 {
            return Err("a link-signing key must be at least 32 bytes".into());
        }
        Ok(Key { id: sha256_hex(&secret)[..8].to_owned(), secret })
    }

    fn mac(&self, payload: &str) -> Vec<u8> {
        let mut mac =
            HmacSha256::new_from_slice(&self.secret).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(payload.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

/// The key that signs new tokens, and the previous ones that still verify the links they signed
/// until those expire.
#[derive(Clone)]
pub struct Keys {
    signing: Key,
    previous: Vec<Key>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Key ids only: they say which key, and reveal nothing of it.
        f.debug_struct("Keys")
            .field("signing", &self.signing.id)
            .field("previous", &self.previous.iter().map(|k| &k.id).collect::<Vec<_>>())
            .finish()
    }
}

/// The payload's first field in tokens that carry a key id and a link id.
const V2: &str = "2";

impl Keys {
    pub fn new(key: Vec<u8>) -> Result<Self, String> {
        Self::rotated(key, Vec::new())
    }

    /// `key` signs; each of `previous` still verifies what it signed.
    pub fn rotated(key: Vec<u8>, previous: Vec<Vec<u8>>) -> Result<Self, String> {
        Ok(Self { signing: Key::new(key)?, previous: previous.into_iter().map(Key::new).collect::<Result<_, _>>()? })
    }

    /// The signing key's id, as tokens carry it.
    pub fn signing_id(&self) -> &str {
        &self.signing.id
    }

    /// A fresh random key (for a first local start; production sets OLA_LINK_KEY).
    pub fn random() -> Result<Vec<u8>, String> {
        let mut key = vec![0u8; 32];
        getrandom::fill(&mut key).map_err(|e| e.to_string())?;
        Ok(key)
    }

    fn sign(&self, payload: &str) -> String {
        format!("{}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(self.signing.mac(payload)))
    }

    /// A token with no link id: a staff session's.
    pub fn issue(&self, scope: Scope, subject: &str, expires: OffsetDateTime) -> String {
        self.sign(&format!("{V2}|{}|{}||{}|{subject}", self.signing.id, scope.code(), expires.unix_timestamp()))
    }

    /// An emailed link's token, and the link's new random id (recorded, so the link can be
    /// withdrawn).
    pub fn issue_link(&self, scope: Scope, subject: &str, expires: OffsetDateTime) -> Result<(String, String), String> {
        let id = random_id()?;
        let payload = format!("{V2}|{}|{}|{id}|{}|{subject}", self.signing.id, scope.code(), expires.unix_timestamp());
        Ok((self.sign(&payload), id))
    }

    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Result<Grant, TokenError> {
        let (payload, mac) = token.trim().split_once('.').ok_or(TokenError::Malformed)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| TokenError::Malformed)?;
        let mac = URL_SAFE_NO_PAD.decode(mac).map_err(|_| TokenError::Malformed)?;
        let payload = String::from_utf8(payload).map_err(|_| TokenError::Malformed)?;
        let keys = || std::iter::once(&self.signing).chain(&self.previous);
        let signed_by = |key: &Key| bool::from(key.mac(&payload).ct_eq(&mac));
        let (scope, link, expires, subject) = match payload.split_once('|') {
            Some((V2, rest)) => {
                // Version, key id, scope, link id, expiry, then the subject, '|' and all.
                let mut fields = rest.splitn(5, '|');
                let (Some(key_id), Some(scope), Some(link), Some(expires), Some(subject)) =
                    (fields.next(), fields.next(), fields.next(), fields.next(), fields.next())
                else {
                    return Err(TokenError::Malformed);
                };
                let key = keys().find(|k| k.id == key_id).ok_or(TokenError::BadSignature)?;
                if !signed_by(key) {
                    return Err(TokenError::BadSignature);
                }
                (scope, (!link.is_empty()).then(|| link.to_owned()), expires, subject)
            }
            // Made before tokens named their key: scope first, expiry last, the subject between.
            Some((scope, rest)) => {
                if !keys().any(signed_by) {
                    return Err(TokenError::BadSignature);
                }
                let (subject, expires) = rest.rsplit_once('|').ok_or(TokenError::Malformed)?;
                (scope, None, expires, subject)
            }
            None => return Err(TokenError::Malformed),
        };
        let expires: i64 = expires.parse().map_err(|_| TokenError::Malformed)?;
        if now.unix_timestamp() >= expires {
            return Err(TokenError::Expired);
        }
        let scope = Scope::from_code(scope).ok_or(TokenError::Malformed)?;
        Ok(Grant { scope, subject: subject.to_owned(), link })
    }
}

/// What a staff session's token names. Either way the session has its own random id, so
/// signing out ends this one session on every relay.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StaffSession {
    /// Signed in with a personal code: the account by its role and a fingerprint of its current
    /// code (so replacing or removing the code ends every session made with it). No name: nothing
    /// a name holds can change how the session reads.
    Code { role: String, fingerprint: String, id: String },
    /// Signed in through the host's identity provider: who the provider said they are, and the
    /// role its claims gave them. The token is signed, so none of this can be altered.
    SingleSignOn {
        host: String,
        role: contract::staff::StaffRole,
        division: Option<String>,
        name: String,
        /// The provider's `sub` for the person: stable, and what the access log records.
        subject: String,
        id: String,
    },
}

/// The first characters of a single sign-on session's text; a code session's starts with a role.
const SINGLE_SIGN_ON: &str = "o:";

impl StaffSession {
    /// The fingerprint of an account's code hash, as a session carries it.
    pub fn fingerprint_of(token_sha256: &str) -> String {
        sha256_hex(format!("staff-session:{token_sha256}")).chars().take(32).collect()
    }

    pub fn new(role: &str, token_sha256: &str) -> Result<Self, String> {
        Ok(Self::Code { role: role.to_owned(), fingerprint: Self::fingerprint_of(token_sha256), id: random_id()? })
    }

    pub fn id(&self) -> &str {
        match self {
            Self::Code { id, .. } | Self::SingleSignOn { id, .. } => id,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Self::Code { role, fingerprint, id } => format!("{role}:{fingerprint}:{id}"),
            // JSON: a provider's name or subject may hold any character.
            sso => format!("{SINGLE_SIGN_ON}{}", serde_json::to_string(sso).unwrap_or_default()),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        if let Some(json) = text.strip_prefix(SINGLE_SIGN_ON) {
            return serde_json::from_str(json).ok().filter(|s| matches!(s, Self::SingleSignOn { .. }));
        }
        let mut parts = text.split(':');
        let (Some(role), Some(fingerprint), Some(id), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(Self::Code { role: role.to_owned(), fingerprint: fingerprint.to_owned(), id: id.to_owned() })
    }
}

/// 16 random bytes as 32 hex digits: a session's id, a request's id.
pub fn random_id() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// SHA-256, hex: what the staff file stores instead of a token, and a document's fingerprint.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    Sha256::digest(bytes.as_ref()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Constant-time comparison of two hex digests.
pub fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A random secret for a person to hold (a staff sign-in token).
pub fn random_secret() -> Result<String, String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    fn keys() -> Keys {
        Keys::new(vec![7; 32]).unwrap()
    }

    #[test]
    fn a_token_grants_its_scope_and_subject_until_it_expires() {
        let now = OffsetDateTime::now_utc();
        let t = keys().issue(Scope::ServiceManager, "OLA-7K3M-Q2XD", now + Duration::days(30));
        assert_eq!(
            keys().verify(&t, now).unwrap(),
            Grant { scope: Scope::ServiceManager, subject: "OLA-7K3M-Q2XD".into(), link: None }
        );
        assert_eq!(keys().verify(&t, now + Duration::days(31)), Err(TokenError::Expired));
    }

    #[test]
    fn a_changed_token_or_another_key_is_refused() {
        let now = OffsetDateTime::now_utc();
        let t = keys().issue(Scope::Placing, "OLA-7K3M-Q2XD", now + Duration::days(1));
        let other = Keys::new(vec![8; 32]).unwrap();
        assert_eq!(other.verify(&t, now), Err(TokenError::BadSignature));
        let (payload, mac) = t.split_once('.').unwrap();
        let forged = URL_SAFE_NO_PAD.encode("m|OLA-7K3M-Q2XD|99999999999");
        assert_eq!(keys().verify(&format!("{forged}.{mac}"), now), Err(TokenError::BadSignature));
        let id = keys().signing_id().to_owned();
        let forged = URL_SAFE_NO_PAD.encode(format!("2|{id}|m||99999999999|OLA-7K3M-Q2XD"));
        assert_eq!(keys().verify(&format!("{forged}.{mac}"), now), Err(TokenError::BadSignature));
        assert_eq!(keys().verify(payload, now), Err(TokenError::Malformed));
        assert_eq!(keys().verify("", now), Err(TokenError::Malformed));
        assert!(Keys::new(vec![1; 31]).is_err());
    }

    #[test]
    fn a_subject_holding_the_separator_still_reads_back_whole() {
        let now = OffsetDateTime::now_utc();
        let t = keys().issue(Scope::Staff, "a|b|c", now + Duration::hours(1));
        assert_eq!(keys().verify(&t, now).unwrap().subject, "a|b|c");
        let s = StaffSession::new("front-door", &sha256_hex("code")).unwrap();
        assert_eq!(StaffSession::parse(&s.text()), Some(s.clone()));
        assert_ne!(
            StaffSession::new("front-door", &sha256_hex("code")).unwrap().id(),
            s.id(),
            "each session its own id"
        );
        let sso = StaffSession::SingleSignOn {
            host: "E10000016".into(),
            role: contract::staff::StaffRole::Auditor,
            division: None,
            name: "Ada: O'Brien | \"x\"".into(),
            subject: "a:b|c".into(),
            id: "1".into(),
        };
        assert_eq!(StaffSession::parse(&sso.text()), Some(sso));
        assert_eq!(StaffSession::parse("front-door:Eve|x"), None);
    }

    #[test]
    fn a_link_carries_its_own_id_and_its_key_s_id() {
        let now = OffsetDateTime::now_utc();
        let (t, id) = keys().issue_link(Scope::Placing, "OLA-7K3M-Q2XD", now + Duration::days(1)).unwrap();
        let (_, other_id) = keys().issue_link(Scope::Placing, "OLA-7K3M-Q2XD", now + Duration::days(1)).unwrap();
        assert_ne!(id, other_id, "each link its own id");
        assert_eq!(keys().verify(&t, now).unwrap().link, Some(id));
        let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(t.split_once('.').unwrap().0).unwrap()).unwrap();
        assert!(payload.starts_with(&format!("2|{}|p|", keys().signing_id())), "{payload}");
    }

    #[test]
    fn after_a_key_changes_the_old_key_s_links_still_open_until_they_expire() {
        let now = OffsetDateTime::now_utc();
        let old = keys();
        let (t, _) = old.issue_link(Scope::ServiceManager, "OLA-7K3M-Q2XD", now + Duration::days(30)).unwrap();
        let legacy = {
            // A token from before tokens named their key.
            let payload = format!("m|OLA-7K3M-Q2XD|{}", (now + Duration::days(30)).unix_timestamp());
            format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(&payload),
                URL_SAFE_NO_PAD.encode(Key::new(vec![7; 32]).unwrap().mac(&payload))
            )
        };
        let rotated = Keys::rotated(vec![9; 32], vec![vec![7; 32]]).unwrap();
        assert_ne!(rotated.signing_id(), old.signing_id());
        assert_eq!(rotated.verify(&t, now).unwrap().subject, "OLA-7K3M-Q2XD");
        assert_eq!(rotated.verify(&legacy, now).unwrap().subject, "OLA-7K3M-Q2XD");
        assert_eq!(rotated.verify(&t, now + Duration::days(31)), Err(TokenError::Expired));
        // New links are signed with the new key: a relay that has only the old key refuses them.
        let (new, _) = rotated.issue_link(Scope::Placing, "OLA-7K3M-Q2XD", now + Duration::days(1)).unwrap();
        assert_eq!(old.verify(&new, now), Err(TokenError::BadSignature));
        // Once the old key is dropped, its links stop.
        let dropped = Keys::new(vec![9; 32]).unwrap();
        assert_eq!(dropped.verify(&t, now), Err(TokenError::BadSignature));
        assert_eq!(dropped.verify(&legacy, now), Err(TokenError::BadSignature));
        assert!(format!("{rotated:?}").contains(old.signing_id()), "Debug shows key ids only");
    }

    #[test]
    fn digests_compare_exactly() {
        let h = sha256_hex("secret");
        assert!(same_digest(&h, &sha256_hex("secret")));
        assert!(!same_digest(&h, &sha256_hex("Secret")));
        assert_eq!(random_secret().unwrap().len(), 32);
    }
}
