fn main() {
    std::process::exit(rma_harvest::run());
}
