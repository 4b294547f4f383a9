//! TLS tools for the deployment tests, all Debian command-line programs run as processes so
//! the build links no TLS library: certificates from `openssl req`/`x509`, HTTPS requests
//! with `curl` (which checks the chain and the address against the test's CA), handshakes
//! with `openssl s_client`, and an OCSP responder with `openssl ocsp`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cdr_e2e::TempSite;

use super::Reply;

/// Runs `openssl` with `args` (split at spaces: no argument here has one) in `dir`; panics
/// with its error output when it fails.
fn openssl(dir: &Path, args: &str) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args.split_whitespace())
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run openssl (apt-get install openssl, or run scripts/bootstrap)");
    assert!(
        out.status.success(),
        "openssl {args} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A key pair and certificate for `127.0.0.1` in a temporary folder (removed on drop).
pub struct TestCert {
    dir: TempSite,
    /// The server's certificate (PEM): TLS_CERT.
    pub cert: PathBuf,
    /// Its private key (PEM): TLS_KEY.
    pub key: PathBuf,
    /// What a client trusts: the certificate itself when self-signed, else the test CA.
    pub ca: PathBuf,
}

/// The subject and names every test certificate carries: browsers and curl match the
/// address against subjectAltName, never the common name.
const SUBJECT: &str = "/CN=127.0.0.1";
const NAMES: &str = "subjectAltName=IP:127.0.0.1,DNS:localhost";
/// A new P-256 key, unencrypted.
const P256: &str = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

impl TestCert {
    /// A self-signed P-256 certificate, valid two days, naming no OCSP responder.
    pub fn self_signed() -> TestCert {
        let dir = TempSite::empty();
        openssl(
            dir.path(),
            &format!("req -x509 {P256} -keyout key.pem -out cert.pem -days 2 -subj {SUBJECT} -addext {NAMES}"),
        );
        let cert = dir.path().join("cert.pem");
        TestCert {
            key: dir.path().join("key.pem"),
            ca: cert.clone(),
            cert,
            dir,
        }
    }

    /// A test CA and a certificate it signs whose Authority Information Access names an OCSP
    /// responder at `http://127.0.0.1:<ocsp_port>/`, as a public CA's certificates do. `cert`
    /// is the leaf alone; `ca` is the issuer (TLS_TRUSTED_CERT). Also writes the CA's
    /// database, with the leaf valid, for [`OcspResponder`].
    pub fn issued_with_ocsp(ocsp_port: u16) -> TestCert {
        let dir = TempSite::empty();
        let d = dir.path();
        openssl(
            d,
            &format!("req -x509 {P256} -keyout ca.key -out ca.pem -days 2 -subj /CN=cdr-e2e-test-CA -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"),
        );
        openssl(
            d,
            &format!("req -new {P256} -keyout key.pem -out leaf.csr -subj {SUBJECT}"),
        );
        std::fs::write(
            d.join("leaf.ext"),
            format!(
                "{NAMES}\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:{ocsp_port}/\n\
                 basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            ),
        )
        .expect("write leaf.ext");
        openssl(
            d,
            "x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 2 -extfile leaf.ext",
        );
        // `openssl ca`'s index.txt: status, expiry (YYMMDDHHMMSSZ), revocation (none),
        // serial, file name, subject.
        let serial = String::from_utf8_lossy(&openssl(d, "x509 -in cert.pem -noout -serial"))
            .trim()
            .trim_start_matches("serial=")
            .to_string();
        std::fs::write(
            d.join("index.txt"),
            format!("V\t491231235959Z\t\t{serial}\tunknown\t{SUBJECT}\n"),
        )
        .expect("write index.txt");
        TestCert {
            cert: d.join("cert.pem"),
            key: d.join("key.pem"),
            ca: d.join("ca.pem"),
            dir,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// `openssl ocsp` answering for a [`TestCert::issued_with_ocsp`] CA; stopped on drop. It
/// binds every interface (OpenSSL 3.0's `-port` takes no address), for the test's seconds.
pub struct OcspResponder(std::process::Child);

impl OcspResponder {
    pub fn start(cert: &TestCert, port: u16) -> OcspResponder {
        let child = Command::new("openssl")
            .args(["ocsp", "-index", "index.txt", "-port", &port.to_string()])
            .args([
                "-rsigner",
                "ca.pem",
                "-rkey",
                "ca.key",
                "-CA",
                "ca.pem",
                "-ignore_err",
            ])
            .current_dir(cert.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start openssl ocsp");
        OcspResponder(child)
    }
}

impl Drop for OcspResponder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTPS exchange with `curl`, which trusts only `ca` and checks that the certificate
/// names 127.0.0.1. HTTP/2 when nginx offers it (ALPN), as browsers do; no redirect is
/// followed. `Expect:` is sent empty so a body goes at once (no `100 Continue` in the reply).
pub async fn https(
    port: u16,
    ca: &Path,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut curl = tokio::process::Command::new("curl");
    curl.args(["--silent", "--show-error", "--include", "--max-time", "30"])
        .arg("--cacert")
        .arg(ca)
        .args(["-X", method, "-H", "Expect:"]);
    for (name, value) in headers {
        curl.arg("-H").arg(format!("{name}: {value}"));
    }
    if !body.is_empty() {
        curl.args(["--data-binary", "@-"]);
    }
    curl.arg(format!("https://127.0.0.1:{port}{path}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = curl
        .spawn()
        .expect("run curl (apt-get install curl, or run scripts/bootstrap)");
    if let Some(mut stdin) = child.stdin.take() {
        use tokio::io::AsyncWriteExt;
        stdin.write_all(body).await.expect("send the body to curl");
    }
    let out = child.wait_with_output().await.expect("curl's answer");
    assert!(
        out.status.success(),
        "curl {method} https://127.0.0.1:{port}{path} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Reply::parse(&out.stdout)
}

/// What `openssl s_client` saw: whether the handshake (and session) completed, and its
/// whole output (protocol, cipher, alerts, OCSP status).
pub struct Handshake {
    pub ok: bool,
    pub text: String,
}

/// A TLS handshake with 127.0.0.1:`port`, `extra` added to `s_client`'s arguments. The
/// client runs at security level 0 with the system configuration's limits lifted, so it
/// offers whatever `extra` asks for (TLS 1.0, a CBC cipher): a refusal is the server's.
pub async fn handshake(port: u16, ca: &Path, extra: &[&str]) -> Handshake {
    let out = tokio::process::Command::new("openssl")
        .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
        .arg("-CAfile")
        .arg(ca)
        .args(["-verify_return_error", "-cipher", "DEFAULT@SECLEVEL=0"])
        .args(extra)
        // An empty configuration: no MinProtocol from /etc/ssl/openssl.cnf.
        .env("OPENSSL_CONF", "/dev/null")
        .stdin(Stdio::null())
        .output()
        .await
        .expect("run openssl s_client");
    Handshake {
        ok: out.status.success(),
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}
