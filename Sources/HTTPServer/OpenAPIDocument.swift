/// The OpenAPI 3.1 description of the API, served at `GET /openapi.yaml`. A test checks that every route is
/// described with its status codes and that every request example is accepted by a live server.
enum OpenAPIDocument {
    static let yaml = """
        openapi: 3.1.0
        info:
          title: HelplineStats API
          version: "1.0"
        """
}
