"""The review UI (`kiemchung serve`): a web front end over the same application layer (service/) as the CLI,
for council members, agency officers and administrators; it parses requests, calls the service and renders
Vietnamese pages, with no business logic of its own."""
