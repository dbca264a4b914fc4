"""Reading teachers' files: YAML with positions, validation into the model, cross-field rules, schemas."""
