fn main() {
    cdr_explorer::start();
}
