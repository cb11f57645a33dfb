"""The adapter to the engine that builds the HTML (MkDocs): its events handed to the build's stages."""
