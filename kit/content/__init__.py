"""Programme content as data (step lists, texts) read by the kit's pages."""
