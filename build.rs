// The Fluent files are compiled into the binary (src/words/render.rs); a file added to or
// removed from locales/ must rebuild it too, which include_str! alone does not notice.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
