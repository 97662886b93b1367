"""The rule each content check enforces, as quoted in findings."""

RULES = {
    "severe_error": "国办秘函〔2019〕19号 单项否决：严重表述错误",
    "typo": "政务新媒体检查指标：错别字（扣分项）",
    "improper_wording": "政务新媒体检查指标：表述不当（扣分项）",
    "ad": "国办发〔2018〕123号：政务新媒体不得发布商业广告",
    "security": "国办秘函〔2019〕19号 单项否决：发布或链接色情、赌博等有害信息，页面被篡改",
}
