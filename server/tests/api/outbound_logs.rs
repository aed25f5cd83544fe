//! A failed provider request leaves no URL query in the log: Aliyun's carries the number and
//! the code.

use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::{io::AsyncReadExt, net::TcpListener, task::JoinHandle};
use verigate::config::Settings;

use crate::{
    gateway::{UID, provider_verifier},
    helpers::{Backend, TestApp, captured_logs},
    on_both_databases,
};

/// A gateway that reads one request's head and hangs up without answering.
struct HangingUpGateway {
    url: String,
    request_line: Arc<Mutex<String>>,
    _task: JoinHandle<()>,
}

impl HangingUpGateway {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let request_line = Arc::new(Mutex::new(String::new()));
        let captured = request_line.clone();
        let task = tokio::spawn(async move {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut head = Vec::new();
            let mut chunk = [0u8; 4096];
            while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(read) => head.extend_from_slice(&chunk[..read]),
                }
            }
            let head = String::from_utf8_lossy(&head);
            *captured.lock().expect("lock") = head.lines().next().unwrap_or_default().to_owned();
            // Dropping the stream closes the connection before any answer.
        });
        Self {
            url,
            request_line,
            _task: task,
        }
    }

    /// The code in the captured request's `TemplateParam` query parameter.
    fn code_sent(&self) -> String {
        let line = self.request_line.lock().expect("lock").clone();
        let target = line.split(' ').nth(1).expect("a request target");
        let url = reqwest::Url::parse(&format!("http://gateway{target}")).expect("a URL");
        let (_, param) = url
            .query_pairs()
            .find(|(name, _)| name == "TemplateParam")
            .unwrap_or_else(|| panic!("no TemplateParam in {line}"));
        let param: Value = serde_json::from_str(&param).expect("JSON");
        param["code"].as_str().expect("a code").to_owned()
    }
}

async fn a_failed_aliyun_send_logs_neither_the_code_nor_the_number(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let gateway = HangingUpGateway::start().await;
    let defaults = Settings::default();
    let mut aliyun = provider_verifier(
        "aliyun",
        vec![
            ("access_key_id", &defaults.emulator_aliyun_access_key_id),
            ("access_key_secret", "any-secret"),
            ("endpoint", &gateway.url),
            ("sign_name", "阿里云短信测试"),
            ("template_code", "SMS_154950909"),
            ("template_param_name", ""),
            // V2 signs the query, so the whole message is in the URL.
            ("signature_version", "v2"),
        ],
    );
    // Ten digits cannot turn up in the log by chance.
    aliyun.code_length = "10";
    app.save_verifier(&admin, aliyun)
        .await
        .expect("the verifier is saved");

    let outcome = app.send_test_sms(&admin, UID, "+86 139 7531 2468").await;

    assert!(!outcome.sent, "{outcome:?}");
    assert_eq!(outcome.reference, "aliyun.connection");
    let code = gateway.code_sent();
    assert_eq!(code.len(), 10, "the request carried the code");
    let logs = captured_logs();
    assert!(
        logs.lines()
            .any(|line| line.contains("aliyun.connection") && line.contains(UID)),
        "the failure is logged"
    );
    for secret in [code.as_str(), "13975312468"] {
        assert!(!logs.contains(secret), "the log contains {secret}");
    }
}

on_both_databases!(a_failed_aliyun_send_logs_neither_the_code_nor_the_number);
