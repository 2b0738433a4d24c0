console.log("ingestor: not built yet");
